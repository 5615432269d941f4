package io.flyteservices.protocol.bridge;

import io.flyteservices.testkit.TestDatabase;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The application on random loopback ports with the test service ({@link EchoService}), the health service and
 * {@link HeaderEchoInterceptor}, plus a {@code java.net.http} client for calling it over HTTP/1.1.
 */
public final class TestServer implements AutoCloseable {

    /** The environment that switches the test beans on. */
    public static final String ENVIRONMENT = "protocol-it";

    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestServer(EmbeddedServer server) {
        this.server = server;
    }

    /**
     * Starts with the defaults and a 64 KiB message limit, plus {@code properties}. The context holds every bean
     * of the module, so it gets the shared test database like every other application test.
     */
    public static TestServer start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(TestDatabase.get().properties());
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("micronaut.server.port", -1);
        all.put("grpc.server.host", "127.0.0.1");
        all.put("grpc.server.port", 0);
        all.put("protocol.max-message-bytes", 65536);
        all.putAll(properties);
        return new TestServer(ApplicationContext.run(EmbeddedServer.class, all, ENVIRONMENT));
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public URI uri(String pathAndQuery) {
        return server.getURI().resolve(pathAndQuery);
    }

    public String baseUrl() {
        return server.getURI().toString();
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public CallLog log() {
        return context().getBean(CallLog.class);
    }

    public HealthStatusManager health() {
        return context().getBean(HealthStatusManager.class);
    }

    public HttpClient client() {
        return client;
    }

    /** POSTs {@code body} with a content type and extra header name/value pairs; the whole answer as bytes. */
    public HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Sends a request and reads the whole answer, failing after 20 seconds. */
    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}

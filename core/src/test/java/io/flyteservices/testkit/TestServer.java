package io.flyteservices.testkit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application under test: every bean on the test class path in one context on the shared test database,
 * HTTP and gRPC on free loopback ports, storage in a temporary directory. Real servers, called by real clients.
 */
public final class TestServer implements AutoCloseable {

    private final ApplicationContext context;
    private final EmbeddedServer http;
    private final int grpcPort;
    private final Path storage;
    private final ManagedChannel channel;

    private TestServer(ApplicationContext context, EmbeddedServer http, int grpcPort, Path storage) {
        this.context = context;
        this.http = http;
        this.grpcPort = grpcPort;
        this.storage = storage;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, Object> extra) {
        try {
            Path storage = Files.createTempDirectory("flyte-test-storage");
            Map<String, Object> props = new HashMap<>(TestDatabase.get().properties());
            props.put("micronaut.server.port", -1);
            props.put("micronaut.server.host", "127.0.0.1");
            // Port 0: the server binds an ephemeral port itself, so no other process can take it in between.
            props.put("grpc.server.port", 0);
            props.put("grpc.server.host", "127.0.0.1");
            props.put("runs.storage-prefix", storage.toUri().toString());
            props.putAll(extra);
            ApplicationContext context = ApplicationContext.builder().properties(props).environments("test").start();
            EmbeddedServer http = context.getBean(EmbeddedServer.class);
            if (!http.isRunning()) {
                http.start();
            }
            return new TestServer(context, http, context.getBean(GrpcEmbeddedServer.class).getPort(), storage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plaintext gRPC channel to the server. */
    public ManagedChannel channel() {
        return channel;
    }

    /** http://127.0.0.1:port (Connect, gRPC-Web, health). */
    public URI httpBase() {
        return URI.create("http://127.0.0.1:" + http.getPort());
    }

    public int grpcPort() {
        return grpcPort;
    }

    public Path storage() {
        return storage;
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        context.close();
    }
}

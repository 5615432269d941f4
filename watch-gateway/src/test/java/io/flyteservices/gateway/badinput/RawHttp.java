package io.flyteservices.gateway.badinput;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Raw HTTP/1.1 requests with any method, headers and body bytes; an answer that never comes fails as a hang. */
final class RawHttp {

    /** How long a bad request may take before the test calls it a hang. */
    static final Duration HANG = Duration.ofSeconds(15);

    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    RawHttp(URI base) {
        this.base = base;
    }

    /**
     * {@code pathAndQuery} must already be percent-encoded; it is appended, not resolved, so {@code //x} stays a
     * path. A null body sends none.
     */
    Response send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .get(HANG.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + HANG + " to " + method + " " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new AssertionError("connection failed on " + method + " " + pathAndQuery + ": " + io, io);
            }
            throw new AssertionError(e.getCause());
        }
    }

    Response post(String path, Map<String, String> headers, byte[] body) {
        return send("POST", path, headers, body);
    }
}

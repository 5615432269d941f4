package io.flyteservices.protocol.connect;

import io.flyteservices.protocol.bridge.TestServer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorsAndRoutingIT {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // Micronaut refuses cross-origin requests to a server bound on loopback (drive-by-localhost protection);
        // the test server is on 127.0.0.1, a deployed one is not.
        server = TestServer.start(Map.of(
                "protocol.cors.allowed-origins", "https://app.example,https://other.example",
                "micronaut.server.cors.localhost-pass-through", true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> preflight(String origin, String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,connect-protocol-version")
                .build());
    }

    @Test
    void shouldAnswerPreflightWhenOriginAllowed() {
        HttpResponse<byte[]> response = preflight("https://app.example", "/test.EchoService/Echo");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Connect-Protocol-Version", "Connect-Timeout-Ms", "Grpc-Timeout", "X-Grpc-Web",
                        "X-User-Agent", "Authorization", "Content-Type");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("7200");
    }

    @Test
    void shouldRefusePreflightWhenOriginNotAllowed() {
        HttpResponse<byte[]> response = preflight("https://evil.example", "/test.EchoService/Echo");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldExposeProtocolAndMetadataHeadersWhenOriginAllowed() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json",
                "\"c\"".getBytes(StandardCharsets.UTF_8), "Origin", "https://other.example", "x-echo", "v");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://other.example");
        assertThat(response.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().toLowerCase())
                .contains("grpc-status", "grpc-message", "grpc-status-details-bin", "x-echo-back",
                        "trailer-x-echo-trailer");
    }

    @Test
    void shouldMarkGrpcWebResponsesWhenOriginAllowed() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/grpc-web+proto",
                Envelopes.encode(0, new byte[0]), "Origin", "https://app.example");

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    }

    @Test
    void shouldNotMarkResponsesWhenOriginNotAllowed() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json",
                "\"c\"".getBytes(StandardCharsets.UTF_8), "Origin", "https://evil.example");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldLeaveOtherEndpointsAloneWhenPathsLookAlike() {
        assertThat(body(server.send(HttpRequest.newBuilder(server.uri("/probez")).GET().build())))
                .isEqualTo("other:probez");
        assertThat(body(server.send(HttpRequest.newBuilder(server.uri("/stats/jvm.memory")).GET().build())))
                .isEqualTo("other:stat jvm.memory");
        assertThat(body(server.send(HttpRequest.newBuilder(server.uri("/static/app.js")).GET().build())))
                .isEqualTo("other:static app.js");
        assertThat(body(server.post("/forms/submit", "application/json", "{}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("other:form submit");
    }

    @Test
    void shouldNotAnswerOperationsEndpointsWhenTheyExistOrNot() {
        for (String path : new String[] {"/healthz", "/readyz", "/metrics", "/prometheus", "/index.html"}) {
            HttpResponse<byte[]> response = server.send(HttpRequest.newBuilder(server.uri(path)).GET().build());

            assertThat(body(response)).as(path).doesNotContain("\"code\":\"unimplemented\"");
        }
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Endpoints that share the HTTP port with the adapter. */
    @Controller
    @Requires(env = TestServer.ENVIRONMENT)
    static final class OtherEndpoints {
        @Get("/probez")
        @Produces(MediaType.TEXT_PLAIN)
        String probez() {
            return "other:probez";
        }

        @Get("/stats/{name}")
        @Produces(MediaType.TEXT_PLAIN)
        String stat(String name) {
            return "other:stat " + name;
        }

        @Get("/static/{file}")
        @Produces(MediaType.TEXT_PLAIN)
        String file(String file) {
            return "other:static " + file;
        }

        @Post("/forms/{action}")
        @Produces(MediaType.TEXT_PLAIN)
        String form(String action) {
            return "other:form " + action;
        }
    }
}

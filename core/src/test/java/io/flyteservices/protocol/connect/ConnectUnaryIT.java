package io.flyteservices.protocol.connect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import io.flyteservices.protocol.bridge.TestServer;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectUnaryIT {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerJsonWhenCalledWithApplicationJson() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("\"hello\""),
                "Connect-Protocol-Version", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(response)).isEqualTo("\"hello\"");
    }

    @Test
    void shouldAnswerWhenClientOffersH2cUpgrade() throws Exception {
        // java.net.http's default client offers "Upgrade: h2c" on cleartext requests.
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri("/test.EchoService/Echo"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("\"upgrade?\""))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("\"upgrade?\"");
    }

    @Test
    void shouldAnswerJsonWhenContentTypeHasCharset() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json; charset=utf-8",
                utf8("\"héllo\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("\"héllo\"");
    }

    @Test
    void shouldAnswerProtoWhenCalledWithApplicationProto() throws InvalidProtocolBufferException {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/proto",
                StringValue.of("binary").toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/proto");
        assertThat(StringValue.parseFrom(response.body()).getValue()).isEqualTo("binary");
    }

    @Test
    void shouldUseJsonFieldNamesWhenPrintingMessages() {
        server.health().setStatus("printed", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);

        HttpResponse<byte[]> response = server.post("/grpc.health.v1.Health/Check", "application/json",
                utf8("{\"service\":\"printed\",\"someFutureField\":42}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{\"status\":\"SERVING\"}");
    }

    @Test
    void shouldAnswerNotFoundWhenHealthCheckNamesUnknownService() {
        HttpResponse<byte[]> response = server.post("/grpc.health.v1.Health/Check", "application/json",
                utf8("{\"service\":\"no.such.Service\"}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(response)).startsWith("{\"code\":\"not_found\",\"message\":");
    }

    @ParameterizedTest
    @CsvSource({
        "CANCELLED, 499, canceled", "UNKNOWN, 500, unknown", "INVALID_ARGUMENT, 400, invalid_argument",
        "DEADLINE_EXCEEDED, 504, deadline_exceeded", "NOT_FOUND, 404, not_found",
        "ALREADY_EXISTS, 409, already_exists", "PERMISSION_DENIED, 403, permission_denied",
        "RESOURCE_EXHAUSTED, 429, resource_exhausted", "FAILED_PRECONDITION, 400, failed_precondition",
        "ABORTED, 409, aborted", "OUT_OF_RANGE, 400, out_of_range", "UNIMPLEMENTED, 501, unimplemented",
        "INTERNAL, 500, internal", "UNAVAILABLE, 503, unavailable", "DATA_LOSS, 500, data_loss",
        "UNAUTHENTICATED, 401, unauthenticated"})
    void shouldAnswerSpecStatusAndErrorJsonWhenServiceFails(String code, int httpStatus, String connectCode) {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Fail", "application/json",
                utf8("\"" + code + ":it failed \\\"here\\\"\""));

        assertThat(response.statusCode()).isEqualTo(httpStatus);
        String detail = Base64.getEncoder().withoutPadding()
                .encodeToString(StringValue.of("detail-" + code).toByteArray());
        assertThat(text(response)).isEqualTo("{\"code\":\"" + connectCode + "\",\"message\":\"it failed \\\"here\\\"\","
                + "\"details\":[{\"type\":\"google.protobuf.StringValue\",\"value\":\"" + detail + "\"}]}");
    }

    @Test
    void shouldAnswerInvalidArgumentWithoutCallingWhenJsonMalformed() {
        int before = server.log().echoCalls();

        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("{\"oops"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).startsWith("{\"code\":\"invalid_argument\",\"message\":\"malformed JSON for "
                + "google.protobuf.StringValue");
        assertThat(server.log().echoCalls()).isEqualTo(before);
    }

    @Test
    void shouldAnswerInvalidArgumentWhenProtoMalformed() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/proto",
                new byte[] {0x0A, 0x7F, 0x01});

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).startsWith("{\"code\":\"invalid_argument\"");
    }

    @Test
    void shouldAnswer404UnimplementedWhenMethodUnknown() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Nope", "application/json", utf8("{}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).startsWith("{\"code\":\"unimplemented\",\"message\":\"no method "
                + "test.EchoService/Nope");
    }

    @Test
    void shouldAnswer404UnimplementedWhenServiceUnknown() {
        HttpResponse<byte[]> response = server.post("/no.Such/Method", "application/proto", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).startsWith("{\"code\":\"unimplemented\"");
    }

    @Test
    void shouldAnswer415WhenContentTypeUnsupported() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "text/plain", utf8("hello"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(text(response)).contains("unsupported content type \\\"text/plain\\\"");
    }

    @Test
    void shouldAnswerResourceExhaustedWhenBodyExceedsLimit() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json",
                utf8("\"" + "z".repeat(70_000) + "\""));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(text(response)).startsWith("{\"code\":\"resource_exhausted\"")
                .contains("protocol.maxMessageBytes");
    }

    @Test
    void shouldReadGzipRequestWhenContentEncodingGzip() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json",
                Gzip.compress(utf8("\"zipped\"")), "Content-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("\"zipped\"");
    }

    @Test
    void shouldCompressResponseWhenClientAcceptsGzip() throws IOException {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Big", "application/proto",
                com.google.protobuf.Int32Value.of(5000).toByteArray(), "Accept-Encoding", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
        assertThat(StringValue.parseFrom(plain).getValue()).hasSize(5000);
        assertThat(response.body().length).isLessThan(plain.length);
    }

    @Test
    void shouldNotCompressWhenClientAcceptsOnlyIdentity() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Big", "application/proto",
                com.google.protobuf.Int32Value.of(5000).toByteArray(), "Accept-Encoding", "identity");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body().length).isGreaterThan(5000);
    }

    @Test
    void shouldAnswerUnimplementedWhenContentEncodingUnsupported() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("\"x\""),
                "Content-Encoding", "snappy-ish");

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(text(response)).contains("supported: gzip, identity");
    }

    @Test
    void shouldAnswerGetWhenMethodHasNoSideEffects() {
        String message = URLEncoder.encode("\"got it\"", StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = server.send(HttpRequest.newBuilder(
                server.uri("/test.EchoService/Echo?connect=v1&encoding=json&message=" + message)).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("\"got it\"");
    }

    @Test
    void shouldAnswerGetWhenMessageIsBase64Proto() throws InvalidProtocolBufferException {
        String message = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Gzip.compress(StringValue.of("b64?/+").toByteArray()));

        HttpResponse<byte[]> response = server.send(HttpRequest.newBuilder(server.uri(
                "/test.EchoService/Echo?encoding=proto&base64=1&compression=gzip&message=" + message)).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(StringValue.parseFrom(response.body()).getValue()).isEqualTo("b64?/+");
    }

    @Test
    void shouldAnswer405WhenGetCallsMethodWithSideEffects() {
        HttpResponse<byte[]> response = server.send(HttpRequest.newBuilder(
                server.uri("/test.EchoService/Fail?encoding=json&message=%22x%22")).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldAnswer415WhenGetEncodingUnknown() {
        HttpResponse<byte[]> response = server.send(HttpRequest.newBuilder(
                server.uri("/test.EchoService/Echo?encoding=xml&message=x")).GET().build());

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void shouldAnswerDeadlineExceededWhenConnectTimeoutElapses() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Slow", "application/json", utf8("\"zzz\""),
                "Connect-Timeout-Ms", "50");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(text(response)).startsWith("{\"code\":\"deadline_exceeded\"");
    }

    @Test
    void shouldCancelServiceContextWhenDeadlineExpiresDuringCall() throws InterruptedException {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Slow", "application/json", utf8("\"zzz\""),
                "Connect-Timeout-Ms", "1000");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(server.log().lastDeadline().timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(1000);
        assertThat(server.log().slowEnded().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(server.log().slowEnd().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void shouldAnswerInvalidArgumentWhenTimeoutMalformed() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("\"x\""),
                "Connect-Timeout-Ms", "soon");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("Connect-Timeout-Ms");
    }

    @Test
    void shouldAnswerInvalidArgumentWhenProtocolVersionUnknown() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("\"x\""),
                "Connect-Protocol-Version", "2");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(text(response)).contains("Connect-Protocol-Version must be 1");
    }

    @Test
    void shouldPassHeadersAsMetadataAndReturnHeadersAndTrailersWhenInterceptorEchoes() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/json", utf8("\"m\""),
                "x-echo", "abc", "Authorization", "Bearer t0ken", "Connect-Timeout-Ms", "5000",
                "x-blob-bin", Base64.getEncoder().withoutPadding().encodeToString(new byte[] {1, 2, 3}));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-echo-back")).hasValue("abc");
        assertThat(response.headers().firstValue("trailer-x-echo-trailer")).hasValue("abc");
        Metadata seen = server.log().lastHeaders();
        assertThat(seen.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("Bearer t0ken");
        assertThat(seen.get(Metadata.Key.of("x-blob-bin", Metadata.BINARY_BYTE_MARSHALLER)))
                .containsExactly(1, 2, 3);
        assertThat(seen.keys()).doesNotContain("connect-timeout-ms", "content-type", "content-length", "host");
    }

    @Test
    void shouldReturnTrailersAsHeadersWhenCallFails() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Fail", "application/json",
                utf8("\"NOT_FOUND:gone\""), "x-echo", "e1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("trailer-x-echo-trailer")).hasValue("e1");
        assertThat(response.headers().map().keySet()).noneMatch(k -> k.contains("grpc-status"));
    }

    @Test
    void shouldAnswerBidiMethodAsOneMessageStreamWhenCalledUnary() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Chat", "application/json", utf8("\"hi\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("\"chat:hi\"");
    }

    @Test
    void shouldAnswer415WhenServerStreamingMethodCalledUnary() {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/json", utf8("3"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(text(response)).contains("application/connect+json");
    }

    @Test
    void shouldReadEmptyMessageWhenJsonBodyEmpty() {
        HttpResponse<byte[]> response = server.post("/grpc.health.v1.Health/Check", "application/json", new byte[0]);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{\"status\":\"SERVING\"}");
    }

}

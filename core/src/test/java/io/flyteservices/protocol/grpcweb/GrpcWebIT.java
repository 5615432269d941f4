package io.flyteservices.protocol.grpcweb;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.flyteservices.protocol.bridge.TestServer;
import io.flyteservices.protocol.connect.Envelopes;
import io.flyteservices.protocol.connect.FrameReader;
import io.flyteservices.protocol.connect.Gzip;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcWebIT {

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

    private static List<Envelopes.Envelope> frames(byte[] body) throws io.grpc.StatusException {
        return Envelopes.decode(body, Integer.MAX_VALUE);
    }

    private static Map<String, List<String>> trailers(Envelopes.Envelope frame) {
        assertThat(frame.flags()).isEqualTo(TrailerFrames.TRAILER);
        return TrailerFrames.decode(frame.payload());
    }

    @Test
    void shouldAnswerFrameAndTrailerWhenUnaryCalledWithGrpcWebProto() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/grpc-web+proto",
                Envelopes.encode(0, StringValue.of("web").toByteArray()), "X-Grpc-Web", "1", "x-echo", "w1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
        assertThat(response.headers().firstValue("x-echo-back")).hasValue("w1");
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(2);
        assertThat(StringValue.parseFrom(frames.get(0).payload()).getValue()).isEqualTo("web");
        assertThat(trailers(frames.get(1))).containsEntry("grpc-status", List.of("0"))
                .containsEntry("x-echo-trailer", List.of("w1"));
    }

    @Test
    void shouldAnswerWhenContentTypeIsPlainGrpcWeb() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/grpc-web",
                Envelopes.encode(0, StringValue.of("plain").toByteArray()));

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web");
        assertThat(StringValue.parseFrom(frames(response.body()).getFirst().payload()).getValue()).isEqualTo("plain");
    }

    @Test
    void shouldAnswerJsonFramesWhenCalledWithGrpcWebJson() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/grpc-web+json",
                Envelopes.encode(0, utf8("2")));

        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(3);
        assertThat(new String(frames.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("\"item-0\"");
        assertThat(new String(frames.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("\"item-1\"");
        assertThat(trailers(frames.get(2))).containsEntry("grpc-status", List.of("0"));
    }

    @Test
    void shouldPutStatusAndPercentEncodedMessageInTrailerWhenCallFails() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Fail", "application/grpc-web+proto",
                Envelopes.encode(0, StringValue.of("NOT_FOUND:run 100% gone ✓").toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(1);
        Map<String, List<String>> trailers = trailers(frames.getFirst());
        assertThat(trailers).containsEntry("grpc-status", List.of("5"))
                .containsEntry("grpc-message", List.of("run 100%25 gone %E2%9C%93"))
                .containsKey("grpc-status-details-bin");
        assertThat(TrailerFrames.percentDecode(trailers.get("grpc-message").getFirst()))
                .isEqualTo("run 100% gone ✓");
        com.google.rpc.Status details = com.google.rpc.Status.parseFrom(
                Base64.getDecoder().decode(trailers.get("grpc-status-details-bin").getFirst()));
        assertThat(details.getDetails(0).unpack(StringValue.class).getValue()).isEqualTo("detail-NOT_FOUND");
    }

    @Test
    void shouldAnswerUnimplementedTrailerWhenMethodUnknown() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Missing", "application/grpc-web+proto",
                Envelopes.encode(0, new byte[0]));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(trailers(frames(response.body()).getFirst())).containsEntry("grpc-status", List.of("12"));
    }

    @Test
    void shouldAnswerInvalidArgumentTrailerWhenFrameTruncated() throws Exception {
        byte[] frame = Envelopes.encode(0, StringValue.of("cut").toByteArray());
        byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 2);

        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/grpc-web+proto",
                truncated);

        assertThat(trailers(frames(response.body()).getFirst())).containsEntry("grpc-status", List.of("3"));
    }

    @Test
    void shouldStreamLiveUpdatesWhenWatchCalledOverGrpcWeb() throws Exception {
        HttpResponse<InputStream> response = server.client().send(HttpRequest.newBuilder(
                        server.uri("/grpc.health.v1.Health/Watch"))
                .header("Content-Type", "application/grpc-web+proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Envelopes.encode(0,
                        io.grpc.health.v1.HealthCheckRequest.newBuilder().setService("web-live").build()
                                .toByteArray())))
                .build(), HttpResponse.BodyHandlers.ofInputStream());

        try (FrameReader reader = new FrameReader(response.body())) {
            assertThat(io.grpc.health.v1.HealthCheckResponse.parseFrom(reader.next().payload()).getStatus())
                    .isEqualTo(ServingStatus.SERVICE_UNKNOWN);
            server.health().setStatus("web-live", ServingStatus.SERVING);
            assertThat(io.grpc.health.v1.HealthCheckResponse.parseFrom(reader.next().payload()).getStatus())
                    .isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void shouldAnswerBase64WhenCalledWithGrpcWebText() throws Exception {
        byte[] body = Base64.getEncoder().encode(Envelopes.encode(0, Int32Value.of(2).toByteArray()));

        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/grpc-web-text", body);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web-text");
        byte[] decoded = Base64Segments.decode(response.body());
        List<Envelopes.Envelope> frames = frames(decoded);
        assertThat(frames).hasSize(3);
        assertThat(StringValue.parseFrom(frames.get(1).payload()).getValue()).isEqualTo("item-1");
        assertThat(trailers(frames.get(2))).containsEntry("grpc-status", List.of("0"));
    }

    @Test
    void shouldAnswerDeadlineExceededWhenGrpcTimeoutElapses() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Slow", "application/grpc-web+proto",
                Envelopes.encode(0, StringValue.of("zz").toByteArray()), "grpc-timeout", "300m");

        assertThat(trailers(frames(response.body()).getFirst())).containsEntry("grpc-status", List.of("4"));
        assertThat(server.log().lastDeadline().timeRemaining(TimeUnit.MILLISECONDS)).isLessThanOrEqualTo(300);
    }

    @Test
    void shouldReadGzipFrameWhenGrpcEncodingGzip() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/grpc-web+proto",
                Envelopes.encode(Envelopes.COMPRESSED, Gzip.compress(StringValue.of("gz").toByteArray())),
                "grpc-encoding", "gzip");

        assertThat(StringValue.parseFrom(frames(response.body()).getFirst().payload()).getValue()).isEqualTo("gz");
    }

    @Test
    void shouldSendAllFramesThenHalfCloseWhenBidiCalled() throws Exception {
        byte[] body = concat(Envelopes.encode(0, StringValue.of("a").toByteArray()),
                Envelopes.encode(0, StringValue.of("b").toByteArray()));

        HttpResponse<byte[]> response = server.post("/test.EchoService/Chat", "application/grpc-web+proto", body);

        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(3);
        assertThat(StringValue.parseFrom(frames.get(0).payload()).getValue()).isEqualTo("chat:a");
        assertThat(StringValue.parseFrom(frames.get(1).payload()).getValue()).isEqualTo("chat:b");
        assertThat(trailers(frames.get(2))).containsEntry("grpc-status", List.of("0"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

}

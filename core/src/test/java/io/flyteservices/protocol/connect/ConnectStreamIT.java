package io.flyteservices.protocol.connect;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.flyteservices.protocol.bridge.TestServer;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConnectStreamIT {

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

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Envelopes.Envelope> frames(byte[] body) throws io.grpc.StatusException {
        return Envelopes.decode(body, Integer.MAX_VALUE);
    }

    private HttpResponse<InputStream> open(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void shouldStreamEnvelopesThenEndStreamWhenCalledWithConnectJson() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/connect+json",
                Envelopes.encode(0, utf8("3")), "Connect-Protocol-Version", "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/connect+json");
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).extracting(Envelopes.Envelope::flags).containsExactly(0, 0, 0, 2);
        assertThat(frames.subList(0, 3)).extracting(f -> text(f.payload()))
                .containsExactly("\"item-0\"", "\"item-1\"", "\"item-2\"");
        assertThat(text(frames.get(3).payload())).isEqualTo("{}");
    }

    @Test
    void shouldStreamEnvelopesWhenCalledWithConnectProto() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/connect+proto",
                Envelopes.encode(0, Int32Value.of(2).toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/connect+proto");
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(3);
        assertThat(StringValue.parseFrom(frames.get(1).payload()).getValue()).isEqualTo("item-1");
        assertThat(frames.get(2).has(Envelopes.END_STREAM)).isTrue();
    }

    @Test
    void shouldDeliverLiveUpdatesWhenHealthStatusChanges() throws Exception {
        HttpResponse<InputStream> response = open("/grpc.health.v1.Health/Watch", "application/connect+json",
                Envelopes.encode(0, utf8("{\"service\":\"live\"}")));

        try (FrameReader reader = new FrameReader(response.body())) {
            assertThat(text(reader.next().payload())).isEqualTo("{\"status\":\"SERVICE_UNKNOWN\"}");
            server.health().setStatus("live", ServingStatus.SERVING);
            assertThat(text(reader.next().payload())).isEqualTo("{\"status\":\"SERVING\"}");
            server.health().setStatus("live", ServingStatus.NOT_SERVING);
            assertThat(text(reader.next().payload())).isEqualTo("{\"status\":\"NOT_SERVING\"}");
        }
    }

    @Test
    void shouldStillDeliverLiveUpdatesWhenClientAcceptsHttpCompression() throws Exception {
        HttpResponse<InputStream> response = open("/grpc.health.v1.Health/Watch", "application/connect+json",
                Envelopes.encode(0, utf8("{\"service\":\"live-gzip\"}")), "Accept-Encoding", "gzip");
        boolean gzipped = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
        InputStream body = gzipped ? new java.util.zip.GZIPInputStream(response.body(), 64) : response.body();

        try (FrameReader reader = new FrameReader(body)) {
            assertThat(text(reader.next().payload())).isEqualTo("{\"status\":\"SERVICE_UNKNOWN\"}");
            server.health().setStatus("live-gzip", ServingStatus.SERVING);
            assertThat(text(reader.next().payload())).isEqualTo("{\"status\":\"SERVING\"}");
        }
    }

    @Test
    void shouldEndWithErrorAndTrailersWhenCallFails() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Fail", "application/connect+json",
                Envelopes.encode(0, utf8("\"ABORTED:try again\"")), "x-echo", "t1");

        assertThat(response.statusCode()).isEqualTo(200);
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().flags()).isEqualTo(Envelopes.END_STREAM);
        assertThat(text(frames.getFirst().payload()))
                .startsWith("{\"error\":{\"code\":\"aborted\",\"message\":\"try again\",\"details\":[")
                .endsWith("\"metadata\":{\"x-echo-trailer\":[\"t1\"]}}");
    }

    @Test
    void shouldEndWithInvalidArgumentWhenEnvelopeTruncated() throws Exception {
        byte[] whole = Envelopes.encode(0, utf8("3"));
        byte[] truncated = new byte[] {whole[0], whole[1], whole[2], whole[3], whole[4] /* no payload */};
        truncated[4] = 9;

        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/connect+json",
                truncated);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(text(frames.getFirst().payload())).startsWith("{\"error\":{\"code\":\"invalid_argument\","
                + "\"message\":\"truncated envelope");
    }

    @Test
    void shouldEndWithInvalidArgumentWhenRequestJsonMalformed() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/connect+json",
                Envelopes.encode(0, utf8("[nope")));

        assertThat(text(frames(response.body()).getFirst().payload()))
                .startsWith("{\"error\":{\"code\":\"invalid_argument\"");
    }

    @Test
    void shouldEndWithUnimplementedWhenBidiMethodCalledWithStreamingContentType() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Chat", "application/connect+json",
                Envelopes.encode(0, utf8("\"hi\"")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(frames(response.body()).getFirst().payload()))
                .startsWith("{\"error\":{\"code\":\"unimplemented\"").contains("gRPC");
    }

    @Test
    void shouldServeUnaryMethodAsOneMessageStreamWhenCalledWithStreamingContentType() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Echo", "application/connect+json",
                Envelopes.encode(0, utf8("\"one\"")));

        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames).extracting(f -> text(f.payload())).containsExactly("\"one\"", "{}");
    }

    @Test
    void shouldCompressEnvelopesWhenClientAcceptsGzip() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Big", "application/connect+proto",
                Envelopes.encode(Envelopes.COMPRESSED, Gzip.compress(Int32Value.of(4000).toByteArray())),
                "Connect-Content-Encoding", "gzip", "Connect-Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Connect-Content-Encoding")).hasValue("gzip");
        List<Envelopes.Envelope> frames = frames(response.body());
        assertThat(frames.getFirst().has(Envelopes.COMPRESSED)).isTrue();
        byte[] plain = Gzip.decompress(frames.getFirst().payload(), 1 << 20);
        assertThat(StringValue.parseFrom(plain).getValue()).hasSize(4000);
        assertThat(frames.get(1).flags()).isEqualTo(Envelopes.END_STREAM);
    }

    @Test
    void shouldEndWithInvalidArgumentWhenCompressedEnvelopeHasNoEncoding() throws Exception {
        HttpResponse<byte[]> response = server.post("/test.EchoService/Count", "application/connect+proto",
                Envelopes.encode(Envelopes.COMPRESSED, Gzip.compress(Int32Value.of(1).toByteArray())));

        assertThat(text(frames(response.body()).getFirst().payload()))
                .startsWith("{\"error\":{\"code\":\"invalid_argument\"");
    }

    @Test
    void shouldEndWithDeadlineExceededWhenTimeoutElapsesMidStream() throws Exception {
        HttpResponse<InputStream> response = open("/grpc.health.v1.Health/Watch", "application/connect+json",
                Envelopes.encode(0, utf8("{\"service\":\"deadline\"}")), "Connect-Timeout-Ms", "200");

        List<Envelopes.Envelope> frames = new ArrayList<>();
        try (FrameReader reader = new FrameReader(response.body())) {
            for (Envelopes.Envelope f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
        }
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(1).payload())).startsWith("{\"error\":{\"code\":\"deadline_exceeded\"");
    }

    @Test
    void shouldCancelServerCallWhenClientDisconnects() throws Exception {
        HttpResponse<InputStream> response = open("/test.EchoService/Forever", "application/connect+proto",
                Envelopes.encode(0, Int32Value.of(100).toByteArray()));
        FrameReader reader = new FrameReader(response.body());
        for (int i = 0; i < 3; i++) {
            assertThat(StringValue.parseFrom(reader.next().payload()).getValue()).hasSize(100);
        }

        reader.close();

        assertThat(server.log().foreverCancelled().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldHoldServiceBackWhenClientReadsSlowly() throws Exception {
        HttpResponse<InputStream> response = open("/test.EchoService/Forever", "application/connect+proto",
                Envelopes.encode(0, Int32Value.of(64 * 1024).toByteArray()));
        try (FrameReader reader = new FrameReader(response.body())) {
            assertThat(StringValue.parseFrom(reader.next().payload()).getValue()).hasSize(64 * 1024);

            await().atMost(Duration.ofSeconds(10)).until(server.log()::isForeverBackpressured);

            // Held back by the unread socket: far fewer than the whole stream a fire hose would have produced.
            assertThat(server.log().foreverSentCount()).isLessThan(2_000);
        }
    }

}

package io.flyteservices.protocol.grpcweb;

import io.flyteservices.protocol.connect.Envelopes;
import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrailerFramesTest {

    @Test
    void shouldWriteStatusLinesInFrameFlaggedTrailerWhenCallSucceeds() throws Exception {
        byte[] frame = TrailerFrames.encode(Status.OK, new Metadata());

        Envelopes.Envelope envelope = Envelopes.decode(frame, 1024).getFirst();
        assertThat(envelope.flags()).isEqualTo(0x80);
        assertThat(new String(envelope.payload(), StandardCharsets.US_ASCII)).isEqualTo("grpc-status:0\r\n");
    }

    @Test
    void shouldPercentEncodeMessageAndAppendTrailersWhenCallFails() throws Exception {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("x-where", Metadata.ASCII_STRING_MARSHALLER), "db");

        byte[] frame = TrailerFrames.encode(Status.ABORTED.withDescription("50% done\nretry ✓"), trailers);

        String block = new String(Envelopes.decode(frame, 1024).getFirst().payload(), StandardCharsets.US_ASCII);
        assertThat(block).isEqualTo("grpc-status:10\r\ngrpc-message:50%25 done%0Aretry %E2%9C%93\r\nx-where:db\r\n");
    }

    @Test
    void shouldReadBackNamesAndValuesWhenDecoding() {
        byte[] payload = "grpc-status:5\r\nGrpc-Message:not%20here\r\nx-a:1\r\nx-a:2\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(TrailerFrames.decode(payload))
                .containsEntry("grpc-status", List.of("5"))
                .containsEntry("grpc-message", List.of("not%20here"))
                .containsEntry("x-a", List.of("1", "2"));
    }

    @Test
    void shouldRoundTripWhenPercentEncodingUnicode() {
        String message = "résumé 100% ok\t";

        assertThat(TrailerFrames.percentDecode(TrailerFrames.percentEncode(message))).isEqualTo(message);
    }

    @Test
    void shouldDecodeConcatenatedPaddedPiecesWhenBodyIsGrpcWebText() {
        byte[] first = Base64.getEncoder().encode(new byte[] {1});
        byte[] second = Base64.getEncoder().encode(new byte[] {2, 3});
        byte[] text = new byte[first.length + second.length];
        System.arraycopy(first, 0, text, 0, first.length);
        System.arraycopy(second, 0, text, first.length, second.length);

        assertThat(Base64Segments.decode(text)).containsExactly(1, 2, 3);
    }
}

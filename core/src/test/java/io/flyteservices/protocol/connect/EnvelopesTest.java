package io.flyteservices.protocol.connect;

import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopesTest {

    @Test
    void shouldWriteFlagsAndBigEndianLengthWhenEncoding() {
        byte[] frame = Envelopes.encode(Envelopes.END_STREAM, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(frame).containsExactly(0x02, 0, 0, 0, 2, '{', '}');
    }

    @Test
    void shouldSplitConsecutiveFramesWhenDecoding() throws StatusException {
        byte[] body = concat(Envelopes.encode(0, new byte[] {1, 2, 3}), Envelopes.encode(Envelopes.COMPRESSED,
                new byte[0]), Envelopes.encode(0x80, new byte[300]));

        List<Envelopes.Envelope> frames = Envelopes.decode(body, 1024);

        assertThat(frames).extracting(Envelopes.Envelope::flags).containsExactly(0, 1, 0x80);
        assertThat(frames.get(0).payload()).containsExactly(1, 2, 3);
        assertThat(frames.get(1).payload()).isEmpty();
        assertThat(frames.get(2).payload()).hasSize(300);
        assertThat(frames.get(1).has(Envelopes.COMPRESSED)).isTrue();
        assertThat(frames.get(0).has(Envelopes.COMPRESSED)).isFalse();
    }

    @Test
    void shouldDecodeNothingWhenBodyEmpty() throws StatusException {
        assertThat(Envelopes.decode(new byte[0], 10)).isEmpty();
    }

    @Test
    void shouldFailInvalidArgumentWhenPrefixTruncated() {
        assertThatThrownBy(() -> Envelopes.decode(new byte[] {0, 0, 0}, 10))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("truncated envelope");
                });
    }

    @Test
    void shouldFailInvalidArgumentWhenPayloadTruncated() {
        byte[] frame = Envelopes.encode(0, new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> Envelopes.decode(Arrays.copyOf(frame, frame.length - 1), 10))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void shouldFailResourceExhaustedWhenDeclaredLengthExceedsLimit() {
        byte[] prefix = {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

        assertThatThrownBy(() -> Envelopes.decode(prefix, 1024))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }

    private static byte[] concat(byte[]... parts) {
        int size = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}

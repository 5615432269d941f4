package io.flyteservices.protocol.connect;

import io.grpc.Status;
import io.grpc.StatusException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Length-prefixed frames as used by Connect streams and gRPC-Web: one flags byte, a 4-byte big-endian length,
 * then the payload. Connect sets {@link #COMPRESSED} and {@link #END_STREAM}; gRPC-Web sets {@link #COMPRESSED}
 * and {@code 0x80} for its trailer frame.
 */
public final class Envelopes {

    /** Size of the prefix before each payload. */
    public static final int PREFIX_BYTES = 5;
    /** The payload is compressed with the stream's encoding. */
    public static final int COMPRESSED = 0x01;
    /** Connect: the payload is the end-of-stream JSON. */
    public static final int END_STREAM = 0x02;

    /** One decoded frame. */
    public record Envelope(int flags, byte[] payload) {
        /** Whether all of the given flag bits are set. */
        public boolean has(int flag) {
            return (flags & flag) == flag;
        }
    }

    private Envelopes() {
    }

    /** One frame around {@code payload}. */
    public static byte[] encode(int flags, byte[] payload) {
        return ByteBuffer.allocate(PREFIX_BYTES + payload.length)
                .put((byte) flags)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    /**
     * Splits a whole body into frames. A body that ends inside a prefix or a payload, or a frame longer than
     * {@code maxPayloadBytes}, is INVALID_ARGUMENT / RESOURCE_EXHAUSTED.
     */
    public static List<Envelope> decode(byte[] body, int maxPayloadBytes) throws StatusException {
        List<Envelope> envelopes = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(body);
        while (in.hasRemaining()) {
            if (in.remaining() < PREFIX_BYTES) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("truncated envelope: " + in.remaining() + " bytes left, a prefix needs 5")
                        .asException();
            }
            int flags = in.get() & 0xFF;
            long length = Integer.toUnsignedLong(in.getInt());
            if (length > maxPayloadBytes) {
                throw Status.RESOURCE_EXHAUSTED
                        .withDescription("message of " + length + " bytes exceeds the maximum of "
                                + maxPayloadBytes + " bytes")
                        .asException();
            }
            if (in.remaining() < length) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("truncated envelope: declared " + length + " bytes, " + in.remaining()
                                + " present")
                        .asException();
            }
            byte[] payload = new byte[(int) length];
            in.get(payload);
            envelopes.add(new Envelope(flags, payload));
        }
        return envelopes;
    }
}

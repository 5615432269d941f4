package io.flyteservices.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The test's own reading and writing of length-prefixed frames (Connect envelopes, gRPC-Web frames), kept apart
 * from the production codec so a bug there cannot hide itself.
 */
public final class Frames {

    public static final int COMPRESSED = 0x01;
    public static final int END_STREAM = 0x02;
    public static final int GRPC_WEB_TRAILER = 0x80;

    public record Frame(int flags, byte[] payload) {
    }

    private Frames() {
    }

    public static byte[] frame(int flags, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Frames of a response body; a body that does not split into whole frames fails the test. */
    public static List<Frame> read(byte[] body) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(body);
        while (in.hasRemaining()) {
            if (in.remaining() < 5) {
                throw new AssertionError("response ends inside a frame prefix: " + in.remaining() + " bytes");
            }
            int flags = in.get() & 0xFF;
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new AssertionError("response frame declares " + length + " bytes, " + in.remaining() + " left");
            }
            byte[] payload = new byte[length];
            in.get(payload);
            frames.add(new Frame(flags, payload));
        }
        return frames;
    }

    /** A grpc-web-text body: base64 written per frame, so it is decoded in padded groups of four. */
    public static byte[] fromText(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String clean = new String(text, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        for (int i = 0; i < clean.length(); i += 4) {
            out.writeBytes(Base64.getDecoder().decode(clean.substring(i, Math.min(clean.length(), i + 4))));
        }
        return out.toByteArray();
    }
}

package io.flyteservices.protocol.grpcweb;

import io.grpc.Status;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Decodes a {@code application/grpc-web-text} body: base64 that may be the concatenation of separately padded
 * pieces (one per frame or per write), so it is decoded in groups of four characters.
 */
final class Base64Segments {

    private Base64Segments() {
    }

    static byte[] decode(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length * 3 / 4);
        byte[] group = new byte[4];
        int filled = 0;
        try {
            for (byte b : text) {
                if (b == '\r' || b == '\n' || b == ' ' || b == '\t') {
                    continue;
                }
                group[filled++] = b;
                if (filled == 4) {
                    out.writeBytes(Base64.getDecoder().decode(group));
                    filled = 0;
                }
            }
            if (filled > 0) {
                byte[] rest = new byte[filled];
                System.arraycopy(group, 0, rest, 0, filled);
                out.writeBytes(Base64.getDecoder().decode(rest));
            }
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("grpc-web-text body is not base64: " + e.getMessage())
                    .asRuntimeException();
        }
        return out.toByteArray();
    }
}

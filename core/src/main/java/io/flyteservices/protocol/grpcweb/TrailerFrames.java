package io.flyteservices.protocol.grpcweb;

import io.flyteservices.protocol.bridge.MetadataHeaders;
import io.flyteservices.protocol.connect.Envelopes;
import io.grpc.Metadata;
import io.grpc.Status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gRPC-Web trailer frame: flag {@code 0x80}, then HTTP/1-style header lines with {@code grpc-status} (the
 * code number), {@code grpc-message} (percent-encoded), {@code grpc-status-details-bin} when present, and the
 * call's trailers.
 */
public final class TrailerFrames {

    /** The flag marking the trailer frame. */
    public static final int TRAILER = 0x80;

    private static final Metadata.Key<byte[]> DETAILS =
            Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private TrailerFrames() {
    }

    /** The trailer frame for a call that ended with {@code status}. */
    public static byte[] encode(Status status, Metadata trailers) {
        StringBuilder block = new StringBuilder();
        block.append("grpc-status:").append(status.getCode().value()).append("\r\n");
        if (status.getDescription() != null && !status.getDescription().isEmpty()) {
            block.append("grpc-message:").append(percentEncode(status.getDescription())).append("\r\n");
        }
        if (trailers != null && trailers.containsKey(DETAILS)) {
            block.append("grpc-status-details-bin:")
                    .append(Base64.getEncoder().withoutPadding().encodeToString(trailers.get(DETAILS)))
                    .append("\r\n");
        }
        for (Map.Entry<String, String> entry : MetadataHeaders.toHttp(trailers)) {
            block.append(entry.getKey()).append(':').append(entry.getValue()).append("\r\n");
        }
        return Envelopes.encode(TRAILER, block.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a trailer frame's payload back into lower-case names and their values. */
    public static Map<String, List<String>> decode(byte[] payload) {
        Map<String, List<String>> trailers = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
        return trailers;
    }

    /** gRPC's percent-encoding of a status message: UTF-8, bytes outside printable ASCII and '%' as %XX. */
    public static String percentEncode(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** Reverses {@link #percentEncode}. */
    public static String percentDecode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

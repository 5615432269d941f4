package io.flyteservices.protocol.connect;

import io.grpc.Status;
import io.grpc.StatusException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one compression the adapter speaks besides identity. Decompression is bounded so a small gzip bomb
 * cannot exhaust memory.
 */
public final class Gzip {

    /** The encoding name. */
    public static final String NAME = "gzip";
    /** What to list when a client uses an encoding we do not support. */
    public static final String SUPPORTED = "gzip, identity";

    private Gzip() {
    }

    /**
     * Whether a {@code Content-Encoding}-style value means gzip, identity ({@code false}), or something we
     * cannot read (UNIMPLEMENTED naming the supported ones).
     */
    public static boolean isGzip(String encoding) throws StatusException {
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.trim().equalsIgnoreCase(NAME)) {
            return true;
        }
        throw Status.UNIMPLEMENTED
                .withDescription("unsupported compression \"" + encoding + "\"; supported: " + SUPPORTED)
                .asException();
    }

    /** Whether an {@code Accept-Encoding}-style list (ordered, q-values ignored) includes gzip. */
    public static boolean accepted(List<String> headerValues) {
        for (String header : headerValues) {
            for (String item : header.split(",")) {
                String name = item.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (name.equals(NAME) || name.equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Compresses {@code bytes}. */
    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 2));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Decompresses {@code bytes}; corrupt input is INVALID_ARGUMENT, output beyond {@code maxBytes} is
     * RESOURCE_EXHAUSTED. Empty input stays empty.
     */
    public static byte[] decompress(byte[] bytes, int maxBytes) throws StatusException {
        if (bytes.length == 0) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, bytes.length * 4));
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw Status.INVALID_ARGUMENT.withDescription("malformed gzip data: " + e.getMessage()).asException();
        }
    }

    static StatusException tooLarge(int maxBytes) {
        return Status.RESOURCE_EXHAUSTED
                .withDescription("message exceeds the maximum of " + maxBytes + " bytes")
                .asException();
    }
}

package io.flyteservices.protocol.bridge;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Converts between HTTP headers and gRPC {@link Metadata}. Request headers become call metadata except those that
 * describe the HTTP exchange itself (hop-by-hop, {@code host}, {@code content-*}, {@code accept*}) or belong to
 * the protocols ({@code connect-*}, {@code grpc-*}); {@code authorization} and custom headers pass. Keys ending
 * in {@code -bin} carry base64 (padded or not) and become bytes.
 */
public final class MetadataHeaders {

    private static final Set<String> SKIPPED = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "http2-settings", "expect", "accept",
            "accept-encoding", "x-grpc-web");
    private static final List<String> SKIPPED_PREFIXES = List.of(
            "content-", "connect-", "grpc-", "access-control-request-", ":");
    /** Keys the protocols render themselves, never copied into response metadata. */
    private static final Set<String> RESERVED_RESPONSE = Set.of(
            "content-type", "grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding",
            "grpc-accept-encoding", "te", "transfer-encoding", "content-length", "content-encoding");
    private static final Pattern VALID_KEY = Pattern.compile("[a-z0-9_.\\-]+");

    private MetadataHeaders() {
    }

    /** The call metadata carried by these request headers. A malformed {@code -bin} value is INVALID_ARGUMENT. */
    public static Metadata fromHttp(HttpHeaders headers) throws StatusException {
        Metadata metadata = new Metadata();
        for (String rawName : headers.names()) {
            String name = rawName.toLowerCase(Locale.ROOT);
            if (!forwarded(name)) {
                continue;
            }
            for (String value : headers.getAll(rawName)) {
                if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER), decodeBinary(name, value));
                } else {
                    metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
                }
            }
        }
        return metadata;
    }

    /**
     * The entries of response metadata as HTTP header pairs in order: binary values as unpadded base64, protocol
     * keys ({@code grpc-status}, {@code content-type}...) left out.
     */
    public static List<Map.Entry<String, String>> toHttp(Metadata metadata) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        if (metadata == null) {
            return entries;
        }
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        for (String key : metadata.keys()) {
            if (RESERVED_RESPONSE.contains(key)) {
                continue;
            }
            if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                for (byte[] value : metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
                    entries.add(Map.entry(key, base64.encodeToString(value)));
                }
            } else {
                for (String value : metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
                    entries.add(Map.entry(key, value));
                }
            }
        }
        return entries;
    }

    static boolean forwarded(String lowerCaseName) {
        if (SKIPPED.contains(lowerCaseName) || !VALID_KEY.matcher(lowerCaseName).matches()) {
            return false;
        }
        return SKIPPED_PREFIXES.stream().noneMatch(lowerCaseName::startsWith);
    }

    private static byte[] decodeBinary(String name, String value) throws StatusException {
        String trimmed = value.trim();
        try {
            return trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("header " + name + " must be base64: " + e.getMessage())
                    .asException();
        }
    }
}

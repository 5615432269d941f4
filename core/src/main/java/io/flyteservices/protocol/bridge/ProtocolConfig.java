package io.flyteservices.protocol.bridge;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * Settings of the Connect and gRPC-Web adapter on the HTTP port ({@code protocol.*}).
 *
 * @param maxMessageBytes  largest request message accepted, after decompression; larger ones are
 *                         {@code resource_exhausted}
 * @param compressMinBytes smallest response message that is gzip-compressed when the client accepts gzip
 * @param cors             cross-origin settings for browsers
 */
@ConfigurationProperties("protocol")
public record ProtocolConfig(
        @Bindable(defaultValue = "4194304") int maxMessageBytes,
        @Bindable(defaultValue = "1024") int compressMinBytes,
        Cors cors) {

    public ProtocolConfig {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("protocol.maxMessageBytes must be > 0, got " + maxMessageBytes);
        }
        if (compressMinBytes < 0) {
            throw new IllegalArgumentException("protocol.compressMinBytes must be >= 0, got " + compressMinBytes);
        }
        if (cors == null) {
            throw new IllegalArgumentException("protocol.cors must be set");
        }
    }

    /**
     * Cross-origin settings ({@code protocol.cors.*}).
     *
     * @param allowedOrigins origins allowed to call; {@code *} allows any and echoes the request's origin
     * @param allowedHeaders request headers a browser may send
     * @param exposedHeaders response headers a browser may read, besides each response's own metadata
     * @param maxAgeSeconds  how long a browser may cache a preflight answer
     */
    @ConfigurationProperties("cors")
    public record Cors(
            @Bindable(defaultValue = "*") List<String> allowedOrigins,
            @Bindable(defaultValue = "Content-Type,Connect-Protocol-Version,Connect-Timeout-Ms,"
                    + "Connect-Content-Encoding,Connect-Accept-Encoding,Grpc-Timeout,Grpc-Encoding,"
                    + "Grpc-Accept-Encoding,X-Grpc-Web,X-User-Agent,Authorization") List<String> allowedHeaders,
            @Bindable(defaultValue = "Grpc-Status,Grpc-Message,Grpc-Status-Details-Bin,Grpc-Encoding,"
                    + "Grpc-Accept-Encoding,Connect-Content-Encoding,Connect-Accept-Encoding,Content-Encoding")
            List<String> exposedHeaders,
            @Bindable(defaultValue = "7200") long maxAgeSeconds) {

        public Cors {
            if (allowedOrigins == null || allowedOrigins.isEmpty()) {
                throw new IllegalArgumentException("protocol.cors.allowedOrigins must not be empty");
            }
            if (allowedHeaders == null) {
                throw new IllegalArgumentException("protocol.cors.allowedHeaders must be set");
            }
            if (exposedHeaders == null) {
                throw new IllegalArgumentException("protocol.cors.exposedHeaders must be set");
            }
            if (maxAgeSeconds < 0) {
                throw new IllegalArgumentException("protocol.cors.maxAgeSeconds must be >= 0, got " + maxAgeSeconds);
            }
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHeaders = List.copyOf(allowedHeaders);
            exposedHeaders = List.copyOf(exposedHeaders);
        }

        /** Whether a browser page from this origin may call. */
        public boolean allows(String origin) {
            return allowedOrigins.contains("*") || allowedOrigins.stream().anyMatch(o -> o.equalsIgnoreCase(origin));
        }
    }
}

package io.flyteservices.protocol.connect;

import io.flyteservices.protocol.bridge.ProtocolConfig;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cross-origin rules for the Connect and gRPC-Web routes: answers preflights and marks actual responses so a
 * browser page from an allowed origin may read them, including each response's own metadata and trailer headers.
 * Allowed origins are echoed (never {@code *}) with {@code Vary: Origin}.
 */
@Singleton
public final class Cors {

    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    private static final Set<String> NOT_EXPOSED = Set.of("content-type", "content-length", "date", "connection",
            "transfer-encoding", "vary", "cache-control", "expires", "last-modified", "pragma");

    private final ProtocolConfig.Cors config;

    Cors(ProtocolConfig config) {
        this.config = config.cors();
    }

    /** The answer to a preflight {@code OPTIONS}: 204 with the allowances, or 403 for an origin not allowed. */
    public MutableHttpResponse<?> preflight(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || !config.allows(origin)) {
            return HttpResponse.status(HttpStatus.FORBIDDEN);
        }
        return HttpResponse.status(HttpStatus.NO_CONTENT)
                .header(ALLOW_ORIGIN, origin)
                .header("Access-Control-Allow-Methods", "GET, POST")
                .header("Access-Control-Allow-Headers", String.join(", ", config.allowedHeaders()))
                .header("Access-Control-Max-Age", Long.toString(config.maxAgeSeconds()))
                .header(HttpHeaders.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    }

    /**
     * Adds the allowances to an actual response when the request came from an allowed origin: the configured
     * exposed headers plus every header this response carries (metadata, {@code trailer-*}).
     */
    public <T extends MutableHttpResponse<?>> T decorate(HttpRequest<?> request, T response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || !config.allows(origin)) {
            return response;
        }
        Set<String> exposed = new LinkedHashSet<>(config.exposedHeaders());
        for (Map.Entry<String, List<String>> header : response.getHeaders()) {
            if (!NOT_EXPOSED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                exposed.add(header.getKey());
            }
        }
        response.getHeaders().set(ALLOW_ORIGIN, origin);
        response.getHeaders().add(HttpHeaders.VARY, "Origin");
        response.getHeaders().set(EXPOSE_HEADERS, String.join(", ", exposed));
        return response;
    }
}

package io.flyteservices.protocol.connect;

import io.flyteservices.protocol.bridge.GrpcBridge;
import io.flyteservices.protocol.bridge.MessageCodec.Format;
import io.flyteservices.protocol.bridge.RpcMethod;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import jakarta.inject.Provider;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP entry of Connect calls: {@code POST|GET /<full.Service>/<Method>} and the CORS preflight for every
 * protocol on those paths. The path needs a dotted service name, so {@code /healthz}, {@code /metrics/...} and
 * static files never match. gRPC-Web content types are taken by {@code GrpcWebRoutes}, which consumes them
 * explicitly; every other content type lands here and is answered 415 unless it is Connect's.
 */
@Controller
public final class ConnectRoutes {

    /** {@code /<package.Service>/<Method>}: a dotted service name and an identifier. */
    public static final String PATH = "/{service:[A-Za-z_][A-Za-z0-9_.]*\\.[A-Za-z_][A-Za-z0-9_]*}"
            + "/{method:[A-Za-z_][A-Za-z0-9_]*}";

    private final Provider<GrpcBridge> bridge;
    private final Provider<ConnectUnary> unary;
    private final Provider<ConnectStreams> streams;
    private final Cors cors;

    ConnectRoutes(Provider<GrpcBridge> bridge, Provider<ConnectUnary> unary, Provider<ConnectStreams> streams,
                  Cors cors) {
        this.bridge = bridge;
        this.unary = unary;
        this.streams = streams;
        this.cors = cors;
    }

    /** Connect unary and streaming POSTs. */
    @Post(uri = PATH, consumes = MediaType.ALL, produces = MediaType.ALL)
    public Mono<HttpResponse<byte[]>> post(HttpRequest<?> request, String service, String method) {
        String contentType = baseType(request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        Mono<MutableHttpResponse<byte[]>> response = switch (contentType) {
            case "application/json" -> withMethod(service, method, m -> unary.get().post(request, m, Format.JSON));
            case "application/proto" -> withMethod(service, method, m -> unary.get().post(request, m, Format.PROTO));
            case "application/connect+json" ->
                    withMethod(service, method, m -> streams.get().post(request, m, Format.JSON));
            case "application/connect+proto" ->
                    withMethod(service, method, m -> streams.get().post(request, m, Format.PROTO));
            default -> Mono.just(protocolError(415, Status.INVALID_ARGUMENT.withDescription(
                            "unsupported content type \"" + contentType + "\"; use application/json, application/proto,"
                                    + " application/connect+json, application/connect+proto or application/grpc-web"),
                    null).header("Accept-Post", "application/json, application/proto, application/connect+json, "
                    + "application/connect+proto, application/grpc-web+proto, application/grpc-web+json"));
        };
        return response.map(r -> cors.decorate(request, r));
    }

    /** Connect unary GETs of methods without side effects. */
    @Get(uri = PATH, produces = MediaType.ALL)
    public Mono<HttpResponse<byte[]>> get(HttpRequest<?> request, String service, String method) {
        return withMethod(service, method, m -> unary.get().get(request, m)).map(r -> cors.decorate(request, r));
    }

    /**
     * Other HTTP methods on an RPC path. Left to Micronaut they get its own 405 body, which is no Connect error:
     * Connect clients would report it as {@code unknown}.
     */
    @Put(uri = PATH, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<byte[]> put(HttpRequest<?> request) {
        return methodNotAllowed(request);
    }

    /** See {@link #put}. */
    @Delete(uri = PATH, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<byte[]> delete(HttpRequest<?> request) {
        return methodNotAllowed(request);
    }

    /** See {@link #put}. */
    @Patch(uri = PATH, consumes = MediaType.ALL, produces = MediaType.ALL)
    public HttpResponse<byte[]> patch(HttpRequest<?> request) {
        return methodNotAllowed(request);
    }

    private HttpResponse<byte[]> methodNotAllowed(HttpRequest<?> request) {
        return cors.decorate(request, protocolError(405, Status.UNIMPLEMENTED.withDescription("HTTP method "
                + request.getMethodName() + " is not allowed: call RPCs with POST (or GET for methods without side "
                + "effects)"), null).header(HttpHeaders.ALLOW, "GET, POST"));
    }

    /** CORS preflight for Connect and gRPC-Web calls. */
    @Options(uri = PATH)
    public HttpResponse<?> preflight(HttpRequest<?> request) {
        return cors.preflight(request);
    }

    private Mono<MutableHttpResponse<byte[]>> withMethod(
            String service, String method,
            Function<RpcMethod, Mono<MutableHttpResponse<byte[]>>> call) {
        Optional<RpcMethod> found = bridge.get().method("/" + service + "/" + method);
        if (found.isEmpty()) {
            return Mono.just(protocolError(404, Status.UNIMPLEMENTED.withDescription(
                    "no method " + service + "/" + method + " on this server"), null));
        }
        return call.apply(found.get());
    }

    /** A Connect error response with an explicit HTTP status (the table's or a protocol-level one: 404, 415). */
    static MutableHttpResponse<byte[]> protocolError(int httpStatus, Status status, Metadata trailers) {
        return ProtocolResponses.status(httpStatus)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .body(ConnectErrors.errorJson(status, trailers));
    }

    /** {@code Connect-Protocol-Version}, when sent, must be 1. */
    static void checkProtocolVersion(String version) throws StatusException {
        if (version != null && !version.trim().equals("1")) {
            throw Status.INVALID_ARGUMENT.withDescription(
                    "Connect-Protocol-Version must be 1, got \"" + version + "\"").asException();
        }
    }

    /** The media type without parameters, lower case; empty when absent. */
    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}

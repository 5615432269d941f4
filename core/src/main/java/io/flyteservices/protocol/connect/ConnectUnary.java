package io.flyteservices.protocol.connect;

import com.google.protobuf.Message;
import io.flyteservices.protocol.bridge.GrpcBridge;
import io.flyteservices.protocol.bridge.MessageCodec.Format;
import io.flyteservices.protocol.bridge.MetadataHeaders;
import io.flyteservices.protocol.bridge.ProtocolConfig;
import io.flyteservices.protocol.bridge.RpcCall;
import io.flyteservices.protocol.bridge.RpcEvent;
import io.flyteservices.protocol.bridge.RpcMethod;
import io.flyteservices.protocol.bridge.Timeouts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Connect unary calls: POST with {@code application/json} or {@code application/proto}, and GET for methods
 * without side effects. Client-streaming and bidirectional methods (StateService Put/Get) called this way are
 * answered as a one-message stream: the single request, half-close, the single response.
 */
@Singleton
public final class ConnectUnary {

    private final GrpcBridge bridge;
    private final ProtocolConfig config;

    ConnectUnary(GrpcBridge bridge, ProtocolConfig config) {
        this.bridge = bridge;
        this.config = config;
    }

    /** A unary POST whose body is one bare message in {@code format}. */
    public Mono<MutableHttpResponse<byte[]>> post(HttpRequest<?> request, RpcMethod method, Format format) {
        return Mono.defer(() -> {
            try {
                return startPost(request, method, format);
            } catch (StatusException e) {
                return Mono.<MutableHttpResponse<byte[]>>error(e);
            }
        }).onErrorResume(e -> Mono.just(error(ProtocolResponses.statusOf(e), null, null)));
    }

    /** A unary GET: {@code ?message=..&encoding=json|proto[&base64=1][&compression=gzip][&connect=v1]}. */
    public Mono<MutableHttpResponse<byte[]>> get(HttpRequest<?> request, RpcMethod method) {
        return Mono.defer(() -> {
            try {
                return startGet(request, method);
            } catch (StatusException e) {
                return Mono.<MutableHttpResponse<byte[]>>error(e);
            }
        }).onErrorResume(e -> Mono.just(error(ProtocolResponses.statusOf(e), null, null)));
    }

    private Mono<MutableHttpResponse<byte[]>> startPost(HttpRequest<?> request, RpcMethod method, Format format)
            throws StatusException {
        if (method.type() == MethodType.SERVER_STREAMING) {
            return Mono.just(ConnectRoutes.protocolError(415, Status.INVALID_ARGUMENT.withDescription(
                    method.fullName() + " is server-streaming: use application/connect+json or "
                            + "application/connect+proto"), null));
        }
        ConnectRoutes.checkProtocolVersion(request.getHeaders().get("Connect-Protocol-Version"));
        Optional<Duration> timeout = Timeouts.fromConnect(request.getHeaders().get("Connect-Timeout-Ms"));
        boolean gzipIn = Gzip.isGzip(request.getHeaders().get(HttpHeaders.CONTENT_ENCODING));
        Metadata metadata = MetadataHeaders.fromHttp(request.getHeaders());
        boolean gzipOut = acceptsGzip(request, gzipIn);
        return RequestBodies.read(request, config.maxMessageBytes())
                .map(body -> parse(method, gzipIn ? decompress(body) : body, format))
                .flatMap(message -> invoke(method, metadata, timeout, message, format, gzipOut));
    }

    private Mono<MutableHttpResponse<byte[]>> startGet(HttpRequest<?> request, RpcMethod method)
            throws StatusException {
        if (method.type() != MethodType.UNARY || !method.noSideEffects()) {
            return Mono.just(ConnectRoutes.protocolError(405, Status.UNIMPLEMENTED.withDescription(
                            method.fullName() + " has side effects: call it with POST"), null)
                    .header(HttpHeaders.ALLOW, "POST"));
        }
        HttpParameters query = request.getParameters();
        String connect = query.get("connect");
        if (connect != null && !connect.equals("v1")) {
            throw Status.INVALID_ARGUMENT.withDescription("connect must be v1, got \"" + connect + "\"")
                    .asException();
        }
        Format format = switch (String.valueOf(query.get("encoding"))) {
            case "json" -> Format.JSON;
            case "proto" -> Format.PROTO;
            default -> null;
        };
        if (format == null) {
            return Mono.just(ConnectRoutes.protocolError(415, Status.INVALID_ARGUMENT.withDescription(
                    "encoding must be json or proto, got \"" + query.get("encoding") + "\""), null));
        }
        Optional<Duration> timeout = Timeouts.fromConnect(request.getHeaders().get("Connect-Timeout-Ms"));
        boolean gzipIn = Gzip.isGzip(query.get("compression"));
        Metadata metadata = MetadataHeaders.fromHttp(request.getHeaders());
        byte[] body = queryMessage(query.get("message"), "1".equals(query.get("base64")));
        if (body.length > config.maxMessageBytes()) {
            throw Gzip.tooLarge(config.maxMessageBytes());
        }
        Message message = parse(method, gzipIn ? decompress(body) : body, format);
        return invoke(method, metadata, timeout, message, format, acceptsGzip(request, gzipIn));
    }

    private Mono<MutableHttpResponse<byte[]>> invoke(RpcMethod method, Metadata metadata, Optional<Duration> timeout,
                                                     Message request, Format format, boolean gzipOut) {
        RpcCall call = bridge.call(method, metadata, timeout, List.of(request));
        return call.events()
                .<RpcEvent>handle(new OneResponse()::check)
                .collectList()
                .map(events -> {
                    Metadata headers = call.headers().join();
                    RpcEvent.Close close = (RpcEvent.Close) events.getLast();
                    if (!close.status().isOk()) {
                        return error(close.status(), headers, close.trailers());
                    }
                    if (events.size() != 2) {
                        return error(Status.INTERNAL.withDescription(method.fullName()
                                + " completed without a response message"), headers, close.trailers());
                    }
                    Message response = ((RpcEvent.Response) events.getFirst()).message();
                    return success(response, format, gzipOut, headers, close.trailers());
                });
    }

    private MutableHttpResponse<byte[]> success(Message message, Format format, boolean gzipOut, Metadata headers,
                                                Metadata trailers) {
        byte[] body = bridge.codec().write(message, format);
        MutableHttpResponse<byte[]> response = ProtocolResponses.status(200);
        ProtocolResponses.addMetadata(response, headers, "");
        ProtocolResponses.addMetadata(response, trailers, "trailer-");
        if (gzipOut && body.length >= config.compressMinBytes()) {
            body = Gzip.compress(body);
            response.header(HttpHeaders.CONTENT_ENCODING, Gzip.NAME);
        }
        response.header(HttpHeaders.ACCEPT_ENCODING, Gzip.NAME);
        response.header(HttpHeaders.CONTENT_TYPE, format == Format.JSON ? "application/json" : "application/proto");
        return response.body(body);
    }

    private static MutableHttpResponse<byte[]> error(Status status, Metadata headers, Metadata trailers) {
        MutableHttpResponse<byte[]> response = ConnectRoutes.protocolError(
                ConnectErrors.httpStatus(status.getCode()), status, trailers);
        ProtocolResponses.addMetadata(response, headers, "");
        ProtocolResponses.addMetadata(response, trailers, "trailer-");
        return response;
    }

    private Message parse(RpcMethod method, byte[] body, Format format) {
        try {
            return bridge.codec().parse(method.requestPrototype(), body, format);
        } catch (StatusException e) {
            throw e.getStatus().asRuntimeException();
        }
    }

    private byte[] decompress(byte[] body) {
        try {
            return Gzip.decompress(body, config.maxMessageBytes());
        } catch (StatusException e) {
            throw e.getStatus().asRuntimeException();
        }
    }

    /** The client accepts gzip if it says so, or, saying nothing, if it sent gzip itself. */
    private static boolean acceptsGzip(HttpRequest<?> request, boolean requestWasGzip) {
        List<String> accept = request.getHeaders().getAll(HttpHeaders.ACCEPT_ENCODING);
        return accept.isEmpty() ? requestWasGzip : Gzip.accepted(accept);
    }

    private static byte[] queryMessage(String message, boolean base64) throws StatusException {
        if (message == null) {
            return new byte[0];
        }
        if (!base64) {
            return message.getBytes(StandardCharsets.UTF_8);
        }
        try {
            String unpadded = message.replace("=", "");
            return unpadded.indexOf('+') >= 0 || unpadded.indexOf('/') >= 0
                    ? Base64.getDecoder().decode(unpadded)
                    : Base64.getUrlDecoder().decode(unpadded);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("message is not base64: " + e.getMessage()).asException();
        }
    }

    /** Lets one response message and the close through; a second message fails the call (and cancels it). */
    private static final class OneResponse {
        private int responses;

        void check(RpcEvent event, SynchronousSink<RpcEvent> sink) {
            if (event instanceof RpcEvent.Response && ++responses > 1) {
                sink.error(Status.INTERNAL.withDescription("more than one response message to a unary call")
                        .asRuntimeException());
                return;
            }
            sink.next(event);
        }
    }
}

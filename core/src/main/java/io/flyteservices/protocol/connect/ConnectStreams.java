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
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Connect streaming calls ({@code application/connect+json|proto}) of server-streaming and unary methods: the
 * request is one envelope; the response is HTTP 200 with one envelope per message and the end-of-stream envelope
 * carrying the status and trailers. Messages are pulled from the call as the HTTP connection takes them, and a
 * client that goes away cancels the call. Client-streaming and bidirectional methods are UNIMPLEMENTED here
 * (they need gRPC over HTTP/2).
 */
@Singleton
public final class ConnectStreams {

    private static final String CONTENT_ENCODING = "Connect-Content-Encoding";
    private static final String ACCEPT_ENCODING = "Connect-Accept-Encoding";

    private final GrpcBridge bridge;
    private final ProtocolConfig config;

    ConnectStreams(GrpcBridge bridge, ProtocolConfig config) {
        this.bridge = bridge;
        this.config = config;
    }

    /** A streaming POST whose body holds one enveloped request message in {@code format}. */
    public Mono<MutableHttpResponse<byte[]>> post(HttpRequest<?> request, RpcMethod method, Format format) {
        String contentType = format == Format.JSON ? "application/connect+json" : "application/connect+proto";
        return Mono.defer(() -> {
            try {
                return start(request, method, format, contentType);
            } catch (StatusException e) {
                return Mono.<MutableHttpResponse<byte[]>>error(e);
            }
        }).onErrorResume(e -> Mono.just(endedEarly(contentType, ProtocolResponses.statusOf(e))));
    }

    private Mono<MutableHttpResponse<byte[]>> start(HttpRequest<?> request, RpcMethod method, Format format,
                                                    String contentType) throws StatusException {
        if (method.clientStreams()) {
            throw Status.UNIMPLEMENTED.withDescription(method.fullName() + " is a client-streaming or "
                    + "bidirectional method: call it over gRPC (HTTP/2); Connect serves unary and "
                    + "server-streaming calls, and answers a unary call (application/json|proto) of it as a "
                    + "one-message stream").asException();
        }
        ConnectRoutes.checkProtocolVersion(request.getHeaders().get("Connect-Protocol-Version"));
        Optional<Duration> timeout = Timeouts.fromConnect(request.getHeaders().get("Connect-Timeout-Ms"));
        boolean gzipIn = Gzip.isGzip(request.getHeaders().get(CONTENT_ENCODING));
        List<String> accept = request.getHeaders().getAll(ACCEPT_ENCODING);
        boolean gzipOut = accept.isEmpty() ? gzipIn : Gzip.accepted(accept);
        Metadata metadata = MetadataHeaders.fromHttp(request.getHeaders());
        return RequestBodies.read(request, config.maxMessageBytes() + Envelopes.PREFIX_BYTES)
                .map(body -> requestMessage(method, body, format, gzipIn))
                .flatMap(message -> {
                    RpcCall call = bridge.call(method, metadata, timeout, List.of(message));
                    return ProtocolResponses.onHeaders(call,
                            headers -> respond(call, headers, format, contentType, gzipOut));
                });
    }

    private MutableHttpResponse<byte[]> respond(RpcCall call, Metadata headers, Format format, String contentType,
                                                boolean gzipOut) {
        MutableHttpResponse<byte[]> response = ProtocolResponses.status(200);
        ProtocolResponses.addMetadata(response, headers, "");
        response.header(HttpHeaders.CONTENT_TYPE, contentType);
        if (gzipOut) {
            response.header(CONTENT_ENCODING, Gzip.NAME);
        }
        Flux<byte[]> body = call.events()
                .map(event -> switch (event) {
                    case RpcEvent.Response r -> frame(bridge.codec().write(r.message(), format), gzipOut);
                    case RpcEvent.Close c -> endStream(c.status(), c.trailers());
                })
                // A message the codec cannot write ends the stream with its status; the call is cancelled.
                .onErrorResume(e -> Flux.just(endStream(ProtocolResponses.statusOf(e), null)));
        return ProtocolResponses.streaming(response, body);
    }

    private byte[] frame(byte[] payload, boolean gzipOut) {
        if (gzipOut && payload.length >= config.compressMinBytes()) {
            return Envelopes.encode(Envelopes.COMPRESSED, Gzip.compress(payload));
        }
        return Envelopes.encode(0, payload);
    }

    private Message requestMessage(RpcMethod method, byte[] body, Format format, boolean gzipIn) {
        try {
            List<Envelopes.Envelope> envelopes = Envelopes.decode(body, config.maxMessageBytes());
            if (envelopes.size() != 1) {
                throw Status.INVALID_ARGUMENT.withDescription(method.fullName() + " takes exactly one request "
                        + "message, got " + envelopes.size()).asException();
            }
            Envelopes.Envelope envelope = envelopes.getFirst();
            if (envelope.has(Envelopes.END_STREAM)) {
                throw Status.INVALID_ARGUMENT.withDescription("request envelope has the end-stream flag")
                        .asException();
            }
            byte[] payload = envelope.payload();
            if (envelope.has(Envelopes.COMPRESSED)) {
                if (!gzipIn) {
                    throw Status.INVALID_ARGUMENT.withDescription("compressed envelope without "
                            + CONTENT_ENCODING).asException();
                }
                payload = Gzip.decompress(payload, config.maxMessageBytes());
            }
            return bridge.codec().parse(method.requestPrototype(), payload, format);
        } catch (StatusException e) {
            throw e.getStatus().asRuntimeException();
        }
    }

    private static byte[] endStream(Status status, Metadata trailers) {
        return Envelopes.encode(Envelopes.END_STREAM, ConnectErrors.endStreamJson(status, trailers));
    }

    /** A stream that failed before any call: 200 with only the end-of-stream envelope. */
    private static MutableHttpResponse<byte[]> endedEarly(String contentType, Status status) {
        return ProtocolResponses.status(200)
                .header(HttpHeaders.CONTENT_TYPE, contentType)
                .body(endStream(status, null));
    }
}

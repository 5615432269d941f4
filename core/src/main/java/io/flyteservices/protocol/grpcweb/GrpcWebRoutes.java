package io.flyteservices.protocol.grpcweb;

import com.google.protobuf.Message;
import io.flyteservices.protocol.bridge.GrpcBridge;
import io.flyteservices.protocol.bridge.MessageCodec.Format;
import io.flyteservices.protocol.bridge.MetadataHeaders;
import io.flyteservices.protocol.bridge.ProtocolConfig;
import io.flyteservices.protocol.bridge.RpcCall;
import io.flyteservices.protocol.bridge.RpcEvent;
import io.flyteservices.protocol.bridge.RpcMethod;
import io.flyteservices.protocol.bridge.Timeouts;
import io.flyteservices.protocol.connect.ConnectRoutes;
import io.flyteservices.protocol.connect.Cors;
import io.flyteservices.protocol.connect.Envelopes;
import io.flyteservices.protocol.connect.Gzip;
import io.flyteservices.protocol.connect.ProtocolResponses;
import io.flyteservices.protocol.connect.RequestBodies;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import jakarta.inject.Provider;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * gRPC-Web calls: {@code POST /<full.Service>/<Method>} with a gRPC-Web content type. Always HTTP 200; the outcome
 * is in the trailer frame. Unary and server-streaming methods take one request frame; client-streaming and
 * bidirectional methods get all request frames then half-close (gRPC-Web is half-duplex).
 */
@Controller
public final class GrpcWebRoutes {

    private static final String GRPC_WEB = "application/grpc-web";
    private static final String GRPC_WEB_TEXT = "application/grpc-web-text";

    private final Provider<GrpcBridge> bridge;
    private final ProtocolConfig config;
    private final Cors cors;

    GrpcWebRoutes(Provider<GrpcBridge> bridge, ProtocolConfig config, Cors cors) {
        this.bridge = bridge;
        this.config = config;
        this.cors = cors;
    }

    /** Every gRPC-Web call. */
    @Post(uri = ConnectRoutes.PATH, produces = MediaType.ALL, consumes = {
        GRPC_WEB, GRPC_WEB + "+proto", GRPC_WEB + "+json", GRPC_WEB_TEXT, GRPC_WEB_TEXT + "+proto"})
    public Mono<HttpResponse<byte[]>> post(HttpRequest<?> request, String service, String method) {
        String contentType = baseType(request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        Framing framing = new Framing(contentType.startsWith(GRPC_WEB_TEXT),
                contentType.endsWith("+json") ? Format.JSON : Format.PROTO, contentType);
        return Mono.defer(() -> {
            try {
                return start(request, "/" + service + "/" + method, framing);
            } catch (StatusException e) {
                return Mono.<MutableHttpResponse<byte[]>>error(e);
            }
        }).onErrorResume(e -> Mono.just(trailersOnly(framing, ProtocolResponses.statusOf(e))))
                .map(r -> cors.decorate(request, r));
    }

    private Mono<MutableHttpResponse<byte[]>> start(HttpRequest<?> request, String path, Framing framing)
            throws StatusException {
        RpcMethod method = bridge.get().method(path).orElseThrow(() -> Status.UNIMPLEMENTED
                .withDescription("no method " + path.substring(1) + " on this server").asException());
        Optional<Duration> timeout = Timeouts.fromGrpc(request.getHeaders().get("grpc-timeout"));
        boolean gzipIn = Gzip.isGzip(request.getHeaders().get("grpc-encoding"));
        Metadata metadata = MetadataHeaders.fromHttp(request.getHeaders());
        int maxBody = config.maxMessageBytes() + Envelopes.PREFIX_BYTES;
        return RequestBodies.read(request, framing.text() ? maxBody / 3 * 4 + 8 : maxBody)
                .map(body -> requestMessages(method, framing.text() ? Base64Segments.decode(body) : body,
                        framing.format(), gzipIn))
                .flatMap(messages -> {
                    RpcCall call = bridge.get().call(method, metadata, timeout, messages);
                    return ProtocolResponses.onHeaders(call, headers -> respond(call, headers, framing));
                });
    }

    private MutableHttpResponse<byte[]> respond(RpcCall call, Metadata headers, Framing framing) {
        MutableHttpResponse<byte[]> response = ProtocolResponses.status(200)
                .header(HttpHeaders.CONTENT_TYPE, framing.contentType());
        ProtocolResponses.addMetadata(response, headers, "");
        Flux<byte[]> body = call.events()
                .map(event -> switch (event) {
                    case RpcEvent.Response r ->
                            Envelopes.encode(0, bridge.get().codec().write(r.message(), framing.format()));
                    case RpcEvent.Close c -> TrailerFrames.encode(c.status(), c.trailers());
                })
                .onErrorResume(e -> Flux.just(TrailerFrames.encode(ProtocolResponses.statusOf(e), null)))
                .map(framing::wire);
        return ProtocolResponses.streaming(response, body);
    }

    private List<Message> requestMessages(RpcMethod method, byte[] body, Format format, boolean gzipIn) {
        try {
            List<Envelopes.Envelope> frames = Envelopes.decode(body, config.maxMessageBytes());
            if (!method.clientStreams() && frames.size() != 1) {
                throw Status.INVALID_ARGUMENT.withDescription(method.fullName() + " takes exactly one request "
                        + "message, got " + frames.size()).asException();
            }
            List<Message> messages = new ArrayList<>(frames.size());
            for (Envelopes.Envelope frame : frames) {
                if (frame.has(TrailerFrames.TRAILER)) {
                    throw Status.INVALID_ARGUMENT.withDescription("request carries a trailer frame").asException();
                }
                byte[] payload = frame.payload();
                if (frame.has(Envelopes.COMPRESSED)) {
                    if (!gzipIn) {
                        throw Status.INVALID_ARGUMENT.withDescription("compressed frame without grpc-encoding")
                                .asException();
                    }
                    payload = Gzip.decompress(payload, config.maxMessageBytes());
                }
                messages.add(bridge.get().codec().parse(method.requestPrototype(), payload, format));
            }
            return messages;
        } catch (StatusException e) {
            throw e.getStatus().asRuntimeException();
        }
    }

    /** A call that failed before it started: 200 with only the trailer frame. */
    private static MutableHttpResponse<byte[]> trailersOnly(Framing framing, Status status) {
        return ProtocolResponses.status(200)
                .header(HttpHeaders.CONTENT_TYPE, framing.contentType())
                .body(framing.wire(TrailerFrames.encode(status, null)));
    }

    private static String baseType(String contentType) {
        String type = contentType == null ? GRPC_WEB : contentType;
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** How frames travel: binary or base64 text, messages as protobuf or JSON, under which content type. */
    private record Framing(boolean text, Format format, String contentType) {
        byte[] wire(byte[] frame) {
            return text ? Base64.getEncoder().encode(frame) : frame;
        }
    }
}

package io.flyteservices.protocol.connect;

import io.flyteservices.protocol.bridge.MetadataHeaders;
import io.flyteservices.protocol.bridge.RpcCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Response plumbing shared by the Connect and gRPC-Web routes. */
public final class ProtocolResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolResponses.class);

    private ProtocolResponses() {
    }

    /**
     * A response whose body is streamed frame by frame. The routes are declared as returning
     * {@code Mono<HttpResponse<byte[]>>}: Micronaut chooses how to write a body from the declared type, and a
     * declared {@code byte[]} makes it write each element of a {@code Flux<byte[]>} body as it comes, unchanged
     * (a looser declared type makes it wrap {@code +json} streams in a JSON array). The status and headers can
     * still be decided after the call's response headers arrived, which a synchronously returned
     * {@code HttpResponse<Flux<byte[]>>} could not.
     */
    @SuppressWarnings("unchecked")
    public static MutableHttpResponse<byte[]> streaming(MutableHttpResponse<?> response, Flux<byte[]> body) {
        MutableHttpResponse<Object> untyped = (MutableHttpResponse<Object>) response;
        untyped.body(body);
        return (MutableHttpResponse<byte[]>) (MutableHttpResponse<?>) untyped;
    }

    /**
     * The response built once the call's headers arrive. Until it is handed over, a cancelled subscription (the
     * client went away) cancels the call; afterwards the response body's own subscription owns the call. (The
     * server may also cancel after taking the one value, which must not end the call.)
     */
    public static Mono<MutableHttpResponse<byte[]>> onHeaders(
            RpcCall call, Function<Metadata, MutableHttpResponse<byte[]>> respond) {
        AtomicBoolean handedOver = new AtomicBoolean();
        return Mono.fromFuture(call.headers(), true)
                .map(headers -> {
                    handedOver.set(true);
                    return respond.apply(headers);
                })
                .doOnCancel(() -> {
                    if (!handedOver.get()) {
                        call.cancel("HTTP client went away before the response started");
                    }
                });
    }

    /** Adds metadata entries as headers, each name prefixed (Connect's {@code trailer-} for unary trailers). */
    public static void addMetadata(MutableHttpResponse<?> response, Metadata metadata, String prefix) {
        for (Map.Entry<String, String> entry : MetadataHeaders.toHttp(metadata)) {
            response.getHeaders().add(prefix + entry.getKey(), entry.getValue());
        }
    }

    /**
     * The status a failure of the adapter's own work stands for: a status exception is the client's or the
     * call's outcome and passes as is; anything else is a bug here, logged once and answered INTERNAL.
     */
    public static Status statusOf(Throwable failure) {
        if (failure instanceof StatusException || failure instanceof StatusRuntimeException) {
            return Status.fromThrowable(failure);
        }
        LOG.error("protocol adapter failed", failure);
        return Status.INTERNAL.withDescription("internal error in the protocol adapter");
    }

    /** An HTTP response with a fixed status, for answers that never reach a call. */
    public static MutableHttpResponse<byte[]> status(int status) {
        return HttpResponse.status(status, null);
    }
}

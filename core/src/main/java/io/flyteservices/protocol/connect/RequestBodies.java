package io.flyteservices.protocol.connect;

import io.grpc.Status;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.netty.handler.codec.compression.DecompressionException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;

/**
 * Reads a request body as raw bytes, whatever its content type (Micronaut must not parse {@code application/json}
 * bodies: they are protobuf JSON, read by the codec), refusing bodies over a limit with RESOURCE_EXHAUSTED
 * before buffering them.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The whole body, or a {@code StatusRuntimeException} when it is larger than {@code maxBytes}. */
    public static Mono<byte[]> read(HttpRequest<?> request, int maxBytes) {
        if (request.getContentLength() > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        if (!(request instanceof ServerHttpRequest<?> server)) {
            return Mono.error(new IllegalStateException("not a server request: " + request.getClass()));
        }
        return Flux.from(server.byteBody().split(ByteBody.SplitBackpressureMode.FASTEST).toByteArrayPublisher())
                .reduce(new ByteArrayOutputStream(), (out, chunk) -> {
                    if (out.size() + chunk.length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    out.writeBytes(chunk);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(e -> bodyFailure(e, maxBytes));
    }

    /**
     * Micronaut's Netty pipeline inflates {@code Content-Encoding: gzip} bodies before they get here and enforces
     * {@code micronaut.server.max-request-size} on the inflated bytes, so corrupt gzip and gzip bombs fail the
     * body stream itself: the client's mistakes, which would otherwise be answered INTERNAL.
     */
    private static Throwable bodyFailure(Throwable failure, int maxBytes) {
        return switch (failure) {
            case ContentLengthExceededException e -> tooLarge(maxBytes);
            case BufferLengthExceededException e -> tooLarge(maxBytes);
            case DecompressionException e -> Status.INVALID_ARGUMENT
                    .withDescription("malformed gzip request body: " + e.getMessage()).asRuntimeException();
            default -> failure;
        };
    }

    private static RuntimeException tooLarge(int maxBytes) {
        return Status.RESOURCE_EXHAUSTED
                .withDescription("request body exceeds the maximum of " + maxBytes
                        + " bytes (protocol.maxMessageBytes)")
                .asRuntimeException();
    }
}

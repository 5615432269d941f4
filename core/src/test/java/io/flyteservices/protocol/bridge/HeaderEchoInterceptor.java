package io.flyteservices.protocol.bridge;

import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Records each call's request metadata and deadline and, when a request carries {@code x-echo}, answers with its
 * value in the response header {@code x-echo-back} and the trailer {@code x-echo-trailer}.
 */
public final class HeaderEchoInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> ECHO = Metadata.Key.of("x-echo", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> BACK = Metadata.Key.of("x-echo-back", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-echo-trailer", Metadata.ASCII_STRING_MARSHALLER);

    private final CallLog log;

    public HeaderEchoInterceptor(CallLog log) {
        this.log = log;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        log.headersSeen(headers);
        log.deadlineSeen(Context.current().getDeadline());
        String echo = headers.get(ECHO);
        if (echo == null) {
            return next.startCall(call, headers);
        }
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(BACK, echo);
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                trailers.put(TRAILER, echo);
                super.close(status, trailers);
            }
        }, headers);
    }
}

package io.flyteservices.protocol.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a call with the status {@link GrpcErrors} picks when a service method throws, so endpoints need no
 * try/catch. Expected outcomes (not found, bad input...) are logged at DEBUG; anything else at ERROR, once.
 *
 * <p>Applied per service by {@link #bind} rather than as a global interceptor: a service's own interceptors run
 * innermost, so every global interceptor (metrics, auth) sees the mapped status and never the exception, whatever
 * their order.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappingInterceptor.class);
    private static final ErrorMappingInterceptor INSTANCE = new ErrorMappingInterceptor();

    private ErrorMappingInterceptor() {
    }

    /** The service definition with error mapping applied; endpoints return this from {@code bindService()}. */
    public static ServerServiceDefinition bind(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(service, INSTANCE);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                if (message instanceof UnparseableRequests.Marker bad) {
                    guard(() -> {
                        throw Status.INVALID_ARGUMENT.withDescription(bad.reason()).asRuntimeException();
                    });
                    return;
                }
                guard(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guard(super::onHalfClose);
            }

            @Override
            public void onReady() {
                guard(super::onReady);
            }

            private void guard(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    Status status = GrpcErrors.toStatus(e);
                    String method = call.getMethodDescriptor().getFullMethodName();
                    if (GrpcErrors.isUnexpected(e)) {
                        LOG.error("rpc failed method={} code={}", method, status.getCode(), e);
                    } else {
                        LOG.debug("rpc rejected method={} code={} message={}", method, status.getCode(),
                                status.getDescription());
                    }
                    try {
                        call.close(status, new Metadata());
                    } catch (IllegalStateException alreadyClosed) {
                        // The method closed the call before failing; the client already has its answer.
                        LOG.debug("rpc failed after closing method={}", method, alreadyClosed);
                    }
                }
            }
        };
    }
}

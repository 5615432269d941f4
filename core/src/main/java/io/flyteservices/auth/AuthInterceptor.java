package io.flyteservices.auth;

import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.protocol.grpc.GrpcErrors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call to a {@code flyteidl2.workflow} service (health and reflection stay open) and makes its
 * {@link Caller} current for the handler. The request of a unary or server-streaming call is checked against the
 * caller's scope before the handler sees it; the bidirectional State Put and Get check each message in band, so a
 * refused message does not end the stream. As a global interceptor it also guards Connect and gRPC-Web, which the
 * protocol bridge runs through the same interceptors with the request headers as metadata.
 */
@Singleton
@Requires(property = "flyte.auth.enabled", value = "true")
public final class AuthInterceptor implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String GUARDED_PACKAGE = "flyteidl2.workflow.";

    private final CallerTokens tokens;

    public AuthInterceptor(CallerTokens tokens) {
        this.tokens = tokens;
        LOG.info("authentication on: calls to {}* need a bearer token", GUARDED_PACKAGE);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (service == null || !service.startsWith(GUARDED_PACKAGE)) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = tokens.caller(headers.get(AUTHORIZATION));
        } catch (ControlPlaneException e) {
            return refuse(call, e);
        }
        ServerCall.Listener<Q> listener =
                Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller), call, headers, next);
        return call.getMethodDescriptor().getType().clientSendsOneMessage()
                ? new ScopeChecked<>(listener, call, caller) : listener;
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, ControlPlaneException e) {
        Status status = GrpcErrors.toStatus(e);
        LOG.debug("call refused method={} code={} message={}", call.getMethodDescriptor().getFullMethodName(),
                status.getCode(), status.getDescription());
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Checks the one request before passing it on; once refused, the call's later events go nowhere. */
    private static final class ScopeChecked<Q, R> extends SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, R> call;
        private final Caller caller;
        private boolean refused;

        ScopeChecked(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Caller caller) {
            super(delegate);
            this.call = call;
            this.caller = caller;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            try {
                TenantScope.check(message, caller);
            } catch (ControlPlaneException e) {
                refused = true;
                refuse(call, e);
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }
    }
}

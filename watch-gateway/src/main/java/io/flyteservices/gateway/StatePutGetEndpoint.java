package io.flyteservices.gateway;

import com.google.rpc.Code;
import flyteidl2.workflow.GetRequest;
import flyteidl2.workflow.GetResponse;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.PutResponse;
import flyteidl2.workflow.StateServiceGrpc;
import io.flyteservices.auth.TenantScope;
import io.flyteservices.protocol.grpc.GrpcErrors;
import io.flyteservices.state.StateReader;
import io.flyteservices.state.StateWriter;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * StateService Put and Get (BEHAVIOR StateService): bidirectional streams answering each request with one
 * response, in order, with the outcome in band ({@code google.rpc.Status}), so a bad message never ends the
 * stream. Requests are handled one at a time on the call's executor, and the next one is asked for only when the
 * client can take another response (flow control both ways). The stream ends when the client half-closes or
 * goes. A unary Put/Get over Connect arrives here as a one-message stream.
 */
@Singleton
public final class StatePutGetEndpoint implements StateServiceGrpc.AsyncService {

    private static final Logger LOG = LoggerFactory.getLogger(StatePutGetEndpoint.class);
    private static final com.google.rpc.Status OK = com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE).build();

    private final StateWriter writer;
    private final StateReader reader;

    public StatePutGetEndpoint(StateWriter writer, StateReader reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public StreamObserver<PutRequest> put(StreamObserver<PutResponse> responses) {
        return new OneForOne<>("StateService.Put", responses,
                request -> {
                    writer.put(request);
                    return PutResponse.newBuilder().setActionId(request.getActionId()).setStatus(OK).build();
                },
                (request, status) -> PutResponse.newBuilder().setActionId(request.getActionId()).setStatus(status)
                        .build());
    }

    @Override
    public StreamObserver<GetRequest> get(StreamObserver<GetResponse> responses) {
        return new OneForOne<>("StateService.Get", responses,
                request -> GetResponse.newBuilder().setActionId(request.getActionId()).setStatus(OK)
                        .setState(reader.get(request)).build(),
                (request, status) -> GetResponse.newBuilder().setActionId(request.getActionId()).setStatus(status)
                        .build());
    }

    /**
     * One response per request, in order, with failures in band. gRPC delivers a call's events one at a time, so
     * the fields need no locking. Exactly one request is asked for at a time: the first at once, each next one
     * after the previous response went out and the transport is ready for more.
     */
    private static final class OneForOne<Q, R> implements StreamObserver<Q> {

        private final String rpc;
        private final ServerCallStreamObserver<R> call;
        private final Function<Q, R> answer;
        private final BiFunction<Q, com.google.rpc.Status, R> refusal;
        private boolean requested;

        OneForOne(String rpc, StreamObserver<R> responses, Function<Q, R> answer,
                  BiFunction<Q, com.google.rpc.Status, R> refusal) {
            this.rpc = rpc;
            this.call = (ServerCallStreamObserver<R>) responses;
            this.answer = answer;
            this.refusal = refusal;
            call.disableAutoRequest();
            // Without a cancel handler a response sent after the client left would throw; there is no one to tell.
            call.setOnCancelHandler(() -> LOG.debug("stream cancelled by client rpc={}", rpc));
            call.setOnReadyHandler(this::requestIfReady);
            requested = true;
            call.request(1);
        }

        @Override
        public void onNext(Q request) {
            requested = false;
            call.onNext(respond(request));
            requestIfReady();
        }

        @Override
        public void onError(Throwable t) {
            LOG.debug("stream ended by client rpc={} status={}", rpc, Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            call.onCompleted();
        }

        private R respond(Q request) {
            try {
                // Here rather than in the auth interceptor: a request outside the caller's scope is refused in band.
                TenantScope.check(request);
                return answer.apply(request);
            } catch (RuntimeException e) {
                // In band, so that one bad message does not end the stream (BEHAVIOR StateService).
                Status status = GrpcErrors.toStatus(e);
                if (GrpcErrors.isUnexpected(e)) {
                    LOG.error("stream message failed rpc={} code={}", rpc, status.getCode(), e);
                } else {
                    LOG.debug("stream message refused rpc={} code={} message={}", rpc, status.getCode(),
                            status.getDescription());
                }
                return refusal.apply(request, com.google.rpc.Status.newBuilder()
                        .setCode(status.getCode().value())
                        .setMessage(status.getDescription() == null ? "" : status.getDescription())
                        .build());
            }
        }

        private void requestIfReady() {
            if (!requested && call.isReady() && !call.isCancelled()) {
                requested = true;
                call.request(1);
            }
        }
    }
}

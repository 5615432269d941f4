package io.flyteservices.functions;

import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.AbortQueuedActionResponse;
import flyteidl2.workflow.AbortQueuedRunRequest;
import flyteidl2.workflow.AbortQueuedRunResponse;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.EnqueueActionResponse;
import flyteidl2.workflow.QueueServiceGrpc;
import io.flyteservices.auth.Caller;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.queue.Aborter;
import io.flyteservices.queue.Enqueuer;
import io.flyteservices.validation.RequestValidator;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

/** QueueService: EnqueueAction, AbortQueuedRun, AbortQueuedAction. */
@Singleton
public final class QueueEndpoint implements QueueServiceGrpc.AsyncService {

    private final RequestValidator validator;
    private final Enqueuer enqueuer;
    private final Aborter aborter;

    public QueueEndpoint(RequestValidator validator, Enqueuer enqueuer, Aborter aborter) {
        this.validator = validator;
        this.enqueuer = enqueuer;
        this.aborter = aborter;
    }

    @Override
    public void enqueueAction(EnqueueActionRequest request, StreamObserver<EnqueueActionResponse> observer) {
        Unary.respond(observer, () -> {
            enqueuer.enqueue(request);
            return EnqueueActionResponse.getDefaultInstance();
        });
    }

    @Override
    public void abortQueuedRun(AbortQueuedRunRequest request, StreamObserver<AbortQueuedRunResponse> observer) {
        Unary.respond(observer, () -> {
            validator.validate(request);
            aborter.abortRun(RunKey.of(request.getRunId()), request.getReason(), Caller.current().identity());
            return AbortQueuedRunResponse.getDefaultInstance();
        });
    }

    @Override
    public void abortQueuedAction(AbortQueuedActionRequest request,
                                  StreamObserver<AbortQueuedActionResponse> observer) {
        Unary.respond(observer, () -> {
            validator.validate(request);
            aborter.abortAction(ActionKey.of(request.getActionId()), request.getReason(),
                    Caller.current().identity());
            return AbortQueuedActionResponse.getDefaultInstance();
        });
    }
}

package io.flyteservices.gateway;

import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchResponse;
import io.flyteservices.model.ActionKey;
import io.flyteservices.store.ActionRow;
import io.flyteservices.validation.RequestValidator;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

/** StateService.Watch: the direct children of a parent action, snapshot, sentinel, then live updates. */
@Singleton
public final class StateWatchEndpoint implements StateServiceGrpc.AsyncService {

    private final RequestValidator validator;
    private final Streams streams;
    private final WatchTargets targets;

    public StateWatchEndpoint(RequestValidator validator, Streams streams, WatchTargets targets) {
        this.validator = validator;
        this.streams = streams;
        this.targets = targets;
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchResponse> observer) {
        validator.validate(request);
        ActionRow parent = targets.action(ActionKey.of(request.getParentActionId()));
        streams.open("StateService.Watch", observer,
                sender -> new ChildrenWatch(parent.runId(), parent.key().name(), sender, streams.fanOut()));
    }
}

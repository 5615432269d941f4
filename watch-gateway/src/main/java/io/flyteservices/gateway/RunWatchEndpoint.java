package io.flyteservices.gateway;

import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionDetailsResponse;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchClusterEventsResponse;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import flyteidl2.workflow.WatchRunsRequest;
import flyteidl2.workflow.WatchRunsResponse;
import io.flyteservices.auth.Caller;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.runs.ActionSpecs;
import io.flyteservices.runs.RunLister;
import io.flyteservices.store.ActionRow;
import io.flyteservices.validation.RequestValidator;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.function.Predicate;

/** RunService, streaming half: WatchRunDetails, WatchActionDetails, WatchRuns, WatchActions, WatchClusterEvents. */
@Singleton
public final class RunWatchEndpoint implements RunServiceGrpc.AsyncService {

    private static final int RUNS_SNAPSHOT = 100;

    private final RequestValidator validator;
    private final Streams streams;
    private final WatchTargets targets;
    private final RunLister lister;

    public RunWatchEndpoint(RequestValidator validator, Streams streams, WatchTargets targets, RunLister lister) {
        this.validator = validator;
        this.streams = streams;
        this.targets = targets;
        this.lister = lister;
    }

    @Override
    public void watchRunDetails(WatchRunDetailsRequest request, StreamObserver<WatchRunDetailsResponse> observer) {
        validator.validate(request);
        long runId = targets.runId(RunKey.of(request.getRunId()));
        streams.open("WatchRunDetails", observer, sender -> new RunDetailsWatch(runId, sender, streams.fanOut()));
    }

    @Override
    public void watchActionDetails(WatchActionDetailsRequest request,
                                   StreamObserver<WatchActionDetailsResponse> observer) {
        validator.validate(request);
        ActionRow action = targets.action(ActionKey.of(request.getActionId()));
        streams.open("WatchActionDetails", observer,
                sender -> new ActionDetailsWatch(action.runId(), action.id(), sender, streams.fanOut()));
    }

    @Override
    public void watchClusterEvents(WatchClusterEventsRequest request,
                                   StreamObserver<WatchClusterEventsResponse> observer) {
        validator.validate(request);
        ActionRow action = targets.action(ActionKey.of(request.getId()));
        streams.open("WatchClusterEvents", observer, sender -> new ClusterEventsWatch(action.runId(), action.id(),
                request.getAttempt(), sender, streams.fanOut()));
    }

    @Override
    public void watchActions(WatchActionsRequest request, StreamObserver<WatchActionsResponse> observer) {
        validator.validate(request);
        ActionFilter filter = ActionFilter.of(request.getFilterList());
        long runId = targets.runId(RunKey.of(request.getRunId()));
        streams.open("WatchActions", observer, sender -> new ActionsWatch(runId, filter, sender, streams.fanOut()));
    }

    @Override
    public void watchRuns(WatchRunsRequest request, StreamObserver<WatchRunsResponse> observer) {
        validator.validate(request);
        // Captured now: the snapshot and the live filter run later, outside this call's context.
        Caller caller = Caller.current();
        Predicate<ActionRow> visible = target(request)
                .and(root -> caller.sees(root.key().run().org(), root.key().run().project()));
        ListRunsRequest newest = WatchTargets.newestRuns(request, RUNS_SNAPSHOT);
        streams.open("WatchRuns", observer, sender -> new RunsWatch(visible, () -> snapshot(newest, caller), sender));
    }

    private List<Run> snapshot(ListRunsRequest newest, Caller caller) {
        return lister.listRuns(newest, caller).getRunsList();
    }

    /** Each target is a real filter on the run's root action (BEHAVIOR WatchRuns, ours). */
    private static Predicate<ActionRow> target(WatchRunsRequest request) {
        return switch (request.getTargetCase()) {
            case ORG -> root -> root.key().run().org().equals(request.getOrg());
            case PROJECT_ID -> root -> root.key().run().org().equals(request.getProjectId().getOrganization())
                    && root.key().run().project().equals(request.getProjectId().getName())
                    && root.key().run().domain().equals(request.getProjectId().getDomain());
            case CLUSTER_ID -> root -> root.key().run().org().equals(request.getClusterId().getOrganization())
                    && root.cluster().equals(request.getClusterId().getName());
            case TASK_ID -> root -> sameTask(root, request.getTaskId());
            case TARGET_NOT_SET -> throw new IllegalStateException("validated: target is required");
        };
    }

    private static boolean sameTask(ActionRow root, TaskIdentifier task) {
        var spec = ActionSpecs.parse(root.spec());
        return spec.hasTask() && spec.getTask().hasId() && spec.getTask().getId().equals(task);
    }
}

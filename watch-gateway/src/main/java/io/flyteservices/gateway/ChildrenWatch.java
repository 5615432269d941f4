package io.flyteservices.gateway;

import flyteidl2.core.ExecutionError;
import flyteidl2.workflow.ActionUpdate;
import flyteidl2.workflow.ControlMessage;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.WatchResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.AttemptRow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * StateService.Watch: one ActionUpdate per existing direct child of the parent, a sentinel, then an update for every
 * later change of a direct child (phase, error, output URI). Never ends by itself.
 */
final class ChildrenWatch implements Streams.Watch {

    private final long runId;
    private final String parentName;
    private final StreamSender<WatchResponse> sender;
    private final FanOut fanOut;
    private final Map<Long, ActionUpdate> sent = new HashMap<>();

    ChildrenWatch(long runId, String parentName, StreamSender<WatchResponse> sender, FanOut fanOut) {
        this.runId = runId;
        this.parentName = parentName;
        this.sender = sender;
        this.fanOut = fanOut;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public synchronized void sendSnapshot() {
        BatchView view = fanOut.freshView();
        for (ActionRow child : view.actionsOfRun(runId)) {
            if (parentName.equals(child.parentName())) {
                ActionUpdate update = update(child, view);
                sent.put(child.id(), update);
                sender.snapshot(WatchResponse.newBuilder().setActionUpdate(update).build());
            }
        }
        sender.snapshot(WatchResponse.newBuilder().setControlMessage(ControlMessage.newBuilder().setSentinel(true))
                .build());
    }

    /** The run's actions, and the attempts of changed actions known to be children (a new child is read later). */
    @Override
    public synchronized void plan(List<Change> changes, BatchView.Plan plan) {
        plan.actionsOfRun(runId);
        for (Change change : changes) {
            if (change.actionId() != 0 && sent.containsKey(change.actionId())) {
                plan.attempts(change.actionId());
            }
        }
    }

    @Override
    public synchronized void onChanges(List<Change> changes, BatchView view) {
        for (Change change : changes) {
            if (change.actionId() == 0) {
                continue;
            }
            view.action(runId, change.actionId())
                    .filter(a -> parentName.equals(a.parentName()))
                    .ifPresent(child -> {
                        ActionUpdate update = update(child, view);
                        if (!Objects.equals(sent.get(child.id()), update)) {
                            sent.put(child.id(), update);
                            sender.live(view.createdNanos(), child.id(),
                                    WatchResponse.newBuilder().setActionUpdate(update).build());
                        }
                    });
        }
    }

    private static ActionUpdate update(ActionRow child, BatchView view) {
        ActionUpdate.Builder u = ActionUpdate.newBuilder()
                .setActionId(child.key().toProto())
                .setPhaseValue(child.phase());
        if (child.errorMessage() != null || child.errorKind() != null) {
            u.setError(ExecutionError.newBuilder()
                    .setMessage(child.errorMessage() == null ? "" : child.errorMessage())
                    .setKind(child.errorKind() != null && child.errorKind() == ErrorInfo.Kind.KIND_SYSTEM_VALUE
                            ? ExecutionError.ErrorKind.SYSTEM : ExecutionError.ErrorKind.USER));
        }
        List<AttemptRow> attempts = view.attempts(child.id());
        if (!attempts.isEmpty() && attempts.getLast().outputUri() != null) {
            u.setOutputUri(attempts.getLast().outputUri());
        }
        return u.build();
    }
}

package io.flyteservices.gateway;

import flyteidl2.workflow.Run;
import flyteidl2.workflow.WatchRunsResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.Entity;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.runs.ActionProtos;
import io.flyteservices.store.ActionRow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * WatchRuns: the newest matching runs (read after subscribing), then every created or changed run that matches the target. Never ends.
 * A run is its root action, so only changes of runs and actions can change what is sent.
 */
final class RunsWatch implements Streams.Watch {

    private final Predicate<ActionRow> target;
    private final Supplier<List<Run>> snapshot;
    private final StreamSender<WatchRunsResponse> sender;

    RunsWatch(Predicate<ActionRow> target, Supplier<List<Run>> snapshot, StreamSender<WatchRunsResponse> sender) {
        this.target = target;
        this.snapshot = snapshot;
        this.sender = sender;
    }

    @Override
    public long runId() {
        return ALL_RUNS;
    }

    @Override
    public void sendSnapshot() {
        sender.snapshot(WatchRunsResponse.newBuilder().addAllRuns(snapshot.get()).build());
    }

    @Override
    public void onChanges(List<Change> changes, BatchView view) {
        Set<Long> runIds = new LinkedHashSet<>();
        for (Change c : changes) {
            if (c.entity() == Entity.RUN || c.entity() == Entity.ACTION) {
                runIds.add(c.runId());
            }
        }
        for (long runId : runIds) {
            view.rootOf(runId).filter(target).ifPresent(root -> sender.live(view.createdNanos(), runId,
                    WatchRunsResponse.newBuilder().addRuns(Run.newBuilder().setAction(ActionProtos.toAction(root)))
                            .build()));
        }
    }
}

package io.flyteservices.gateway;

import flyteidl2.workflow.WatchClusterEventsResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.Entity;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.runs.ActionProtos;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.ClusterEventRow;

import java.util.List;

/**
 * WatchClusterEvents: the cluster events of one attempt in order, then new ones as they arrive; ends when the
 * attempt is terminal. Events are append-only, so each message carries only events not sent before.
 */
final class ClusterEventsWatch implements Streams.Watch {

    /** Events per message, so a burst never makes one message larger than clients accept. */
    static final int CHUNK = 100;

    private final long runId;
    private final long actionId;
    private final int attempt;
    private final StreamSender<WatchClusterEventsResponse> sender;
    private final FanOut fanOut;
    private int sent;

    ClusterEventsWatch(long runId, long actionId, int attempt, StreamSender<WatchClusterEventsResponse> sender,
                       FanOut fanOut) {
        this.runId = runId;
        this.actionId = actionId;
        this.attempt = attempt;
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
        List<ClusterEventRow> events = eventsOf(view);
        sent = events.size();
        for (int from = 0; from < events.size() || from == 0; from += CHUNK) {
            sender.snapshot(response(events.subList(from, Math.min(events.size(), from + CHUNK))));
        }
        if (attemptTerminal(view)) {
            sender.finish();
        }
    }

    @Override
    public synchronized void onChanges(List<Change> changes, BatchView view) {
        boolean relevant = changes.stream().anyMatch(c -> c.actionId() == actionId
                && (c.entity() == Entity.CLUSTER_EVENT || c.entity() == Entity.ATTEMPT || c.entity() == Entity.ACTION));
        if (!relevant) {
            return;
        }
        List<ClusterEventRow> events = eventsOf(view);
        for (; sent < events.size(); sent = Math.min(events.size(), sent + CHUNK)) {
            sender.live(view.createdNanos(), new Object(),
                    response(events.subList(sent, Math.min(events.size(), sent + CHUNK))));
        }
        if (attemptTerminal(view)) {
            sender.finish();
        }
    }

    private List<ClusterEventRow> eventsOf(BatchView view) {
        return view.clusterEvents(actionId).stream().filter(e -> e.attempt() == attempt).toList();
    }

    private boolean attemptTerminal(BatchView view) {
        List<AttemptRow> attempts = view.attempts(actionId).stream().filter(a -> a.attempt() == attempt).toList();
        if (attempts.isEmpty()) {
            // An attempt a finished action never made will never come: without this the stream stayed open
            // forever (e.g. attempt 1 of an action aborted while queued).
            return view.action(runId, actionId).map(a -> PhaseRules.isTerminal(a.phase())).orElse(false);
        }
        return attempts.stream().map(AttemptRow::phase).anyMatch(PhaseRules::isTerminal);
    }

    private static WatchClusterEventsResponse response(List<ClusterEventRow> events) {
        WatchClusterEventsResponse.Builder r = WatchClusterEventsResponse.newBuilder();
        events.forEach(e -> r.addClusterEvents(ActionProtos.clusterEvent(e)));
        return r.build();
    }
}

package io.flyteservices.gateway;

import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.WatchActionsResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * WatchActions: the run's action tree, then the nodes that changed (a node also changes when a descendant's phase
 * changes its counts, or when it starts or stops matching the filters: a node that stops matching is sent once with
 * {@code meets_filter = false}). Ends when every action of the run is terminal (BEHAVIOR WatchActions, ours).
 */
final class ActionsWatch implements Streams.Watch {

    private final long runId;
    private final ActionFilter filter;
    private final StreamSender<WatchActionsResponse> sender;
    private final FanOut fanOut;
    private final Map<Long, EnrichedAction> sent = new HashMap<>();

    ActionsWatch(long runId, ActionFilter filter, StreamSender<WatchActionsResponse> sender, FanOut fanOut) {
        this.runId = runId;
        this.filter = filter;
        this.sender = sender;
        this.fanOut = fanOut;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public synchronized void sendSnapshot() {
        ActionTree tree = ActionTree.of(fanOut.freshView().actionsOfRun(runId), filter);
        sent.putAll(tree.visible());
        sender.snapshot(WatchActionsResponse.newBuilder().addAllEnrichedActions(tree.visible().values()).build());
        if (tree.allTerminal()) {
            sender.finish();
        }
    }

    @Override
    public void plan(List<Change> changes, BatchView.Plan plan) {
        plan.actionsOfRun(runId);
    }

    @Override
    public synchronized void onChanges(List<Change> changes, BatchView view) {
        // Streams on the same run with the same filter share one tree per batch.
        ActionTree tree = view.shared(new TreeKey(runId, filter),
                () -> ActionTree.of(view.actionsOfRun(runId), filter));
        WatchActionsResponse.Builder response = WatchActionsResponse.newBuilder();
        tree.visible().forEach((id, node) -> {
            if (!node.equals(sent.get(id))) {
                response.addEnrichedActions(node);
                sent.put(id, node);
            }
        });
        for (Iterator<Map.Entry<Long, EnrichedAction>> it = sent.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, EnrichedAction> previous = it.next();
            if (!tree.visible().containsKey(previous.getKey())) {
                response.addEnrichedActions(previous.getValue().toBuilder().setMeetsFilter(false));
                it.remove();
            }
        }
        if (response.getEnrichedActionsCount() > 0) {
            sender.live(view.createdNanos(), new Object(), response.build());
        }
        if (tree.allTerminal()) {
            sender.finish();
        }
    }

    /** What a run's tree in a batch depends on. */
    private record TreeKey(long runId, ActionFilter filter) {
    }
}

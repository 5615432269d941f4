package io.flyteservices.gateway;

import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.WatchActionDetailsResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.phase.PhaseRules;

import java.util.List;

/** WatchActionDetails: the action's details (attempts included) after every change of it; ends when terminal. */
final class ActionDetailsWatch implements Streams.Watch {

    private final long runId;
    private final long actionId;
    private final StreamSender<WatchActionDetailsResponse> sender;
    private final FanOut fanOut;

    ActionDetailsWatch(long runId, long actionId, StreamSender<WatchActionDetailsResponse> sender, FanOut fanOut) {
        this.runId = runId;
        this.actionId = actionId;
        this.sender = sender;
        this.fanOut = fanOut;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public void sendSnapshot() {
        fanOut.freshView().actionDetails(actionId).ifPresent(details -> {
            sender.snapshot(response(details));
            if (PhaseRules.isTerminal(details.getStatus().getPhase())) {
                sender.finish();
            }
        });
    }

    @Override
    public void onChanges(List<Change> changes, BatchView view) {
        if (changes.stream().noneMatch(c -> c.actionId() == actionId)) {
            return;
        }
        view.actionDetails(actionId).ifPresent(details -> {
            sender.live(view.createdNanos(), actionId, response(details));
            if (PhaseRules.isTerminal(details.getStatus().getPhase())) {
                sender.finish();
            }
        });
    }

    private static WatchActionDetailsResponse response(ActionDetails details) {
        return WatchActionDetailsResponse.newBuilder().setDetails(details).build();
    }
}

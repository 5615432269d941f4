package io.flyteservices.gateway;

import flyteidl2.workflow.RunDetails;
import flyteidl2.workflow.WatchRunDetailsResponse;
import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.phase.PhaseRules;

import java.util.List;

/** WatchRunDetails: the run's details, again after every change of the run; ends after the terminal one. */
final class RunDetailsWatch implements Streams.Watch {

    private final long runId;
    private final StreamSender<WatchRunDetailsResponse> sender;
    private final FanOut fanOut;
    private RunDetails sent;

    RunDetailsWatch(long runId, StreamSender<WatchRunDetailsResponse> sender, FanOut fanOut) {
        this.runId = runId;
        this.sender = sender;
        this.fanOut = fanOut;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public synchronized void sendSnapshot() {
        fanOut.freshView().runDetails(runId).ifPresent(details -> {
            sent = details;
            sender.snapshot(response(details));
            if (isTerminal(details)) {
                sender.finish();
            }
        });
    }

    /** Every change of the run may touch its root action; unchanged details (a child moved) are not resent. */
    @Override
    public synchronized void onChanges(List<Change> changes, BatchView view) {
        view.runDetails(runId).filter(details -> !details.equals(sent)).ifPresent(details -> {
            sent = details;
            sender.live(view.createdNanos(), runId, response(details));
            if (isTerminal(details)) {
                sender.finish();
            }
        });
    }

    private static WatchRunDetailsResponse response(RunDetails details) {
        return WatchRunDetailsResponse.newBuilder().setDetails(details).build();
    }

    private static boolean isTerminal(RunDetails details) {
        return PhaseRules.isTerminal(details.getAction().getStatus().getPhase());
    }
}

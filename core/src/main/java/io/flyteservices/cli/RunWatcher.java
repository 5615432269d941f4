package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code run watch}: follows a run with WatchActions until its root action is terminal and returns the run's exit
 * code ({@link ExitCodes#forOutcome}). On an ANSI terminal the action table is redrawn in place (and every second,
 * so durations tick); otherwise each change is appended as a line; with JSON each message is one line. A stream
 * that breaks after it delivered something (UNAVAILABLE, RESOURCE_EXHAUSTED for a slow reader, or an early end) is
 * reopened: WatchActions starts again with a full snapshot, so nothing is missed.
 */
final class RunWatcher {

    private static final int MAX_RECONNECTS = 5;
    private static final long TICK_MILLIS = 1000;

    private final Terminal terminal;
    private final Server.Connection connection;
    private final RunIdentifier run;
    private final boolean json;
    private final WatchView view = new WatchView();
    private final PrintWriter out;
    /** Whether any stream delivered a message; before that, an error is the answer rather than a hiccup. */
    private boolean received;
    /** Whether the current stream delivered a message: then it made progress and the reconnect count restarts. */
    private boolean delivered;
    private int drawnLines;
    private String lastProgress;

    RunWatcher(Terminal terminal, Server.Connection connection, RunIdentifier run, boolean json) {
        this.terminal = terminal;
        this.connection = connection;
        this.run = run;
        this.json = json;
        this.out = terminal.out();
    }

    /** Watches to the end; a gRPC error that is not worth a reconnect is thrown. */
    int watch() throws InterruptedException {
        ScheduledExecutorService ticker = null;
        if (terminal.ansi() && !json) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "run-watch-ticker");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        try {
            int failures = 0;
            while (true) {
                delivered = false;
                Phase outcome = null;
                try {
                    outcome = follow();
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    boolean retryable = code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED;
                    if (!received || !retryable || (!delivered && failures >= MAX_RECONNECTS)) {
                        throw e;
                    }
                    terminal.err().println("watch: the stream broke (" + code + "), reconnecting");
                    terminal.err().flush();
                }
                if (outcome != null) {
                    return finish(outcome);
                }
                failures = delivered ? 1 : failures + 1;
                if (failures > MAX_RECONNECTS) {
                    throw Status.UNAVAILABLE.withDescription("the watch stream of run " + Scope.show(run)
                            + " keeps ending before the run does").asRuntimeException();
                }
                Thread.sleep(Math.min(5000, 250L << failures));
            }
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    /** One stream: the run's outcome once its root is terminal, or null when the stream ended before that. */
    private Phase follow() {
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            return context.call(() -> {
                WatchActionsRequest request = WatchActionsRequest.newBuilder().setRunId(run).build();
                Iterator<WatchActionsResponse> stream = connection.streams().watchActions(request);
                boolean first = true;
                while (stream.hasNext()) {
                    WatchActionsResponse response = stream.next();
                    synchronized (this) {
                        if (first) {
                            view.reset();
                            first = false;
                        }
                        received = true;
                        delivered = true;
                        view.apply(response);
                        show(response);
                        if (view.finished()) {
                            return view.root().orElseThrow().getStatus().getPhase();
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            // Ends the stream when we stop early (the root is done while children are still being stopped).
            context.cancel(null);
        }
    }

    private void show(WatchActionsResponse response) {
        Instant now = terminal.clock().instant();
        if (json) {
            out.println(JsonOutput.line(response));
        } else if (terminal.ansi()) {
            redraw(now);
        } else {
            String time = Times.clock(now);
            for (EnrichedAction enriched : response.getEnrichedActionsList()) {
                out.println(time + "  " + view.line(enriched.getAction(), false, now));
            }
            String progress = view.progress();
            if (!progress.equals(lastProgress)) {
                out.println(time + "  " + progress);
                lastProgress = progress;
            }
        }
        out.flush();
    }

    private synchronized void tick() {
        if (drawnLines > 0) {
            redraw(terminal.clock().instant());
            out.flush();
        }
    }

    /** Moves up over what was drawn, clears to the end of the screen and draws the table again. */
    private void redraw(Instant now) {
        List<String> lines = view.table(true, now);
        if (drawnLines > 0) {
            out.print("\u001B[" + drawnLines + "A\r\u001B[J");
        }
        lines.forEach(out::println);
        drawnLines = lines.size();
    }

    private synchronized int finish(Phase outcome) {
        Instant now = terminal.clock().instant();
        drawnLines = 0; // the last drawing stays; the ticker draws no more
        if (!json) {
            Action root = view.root().orElseThrow();
            out.println("run " + Scope.show(run) + " " + Phases.styled(outcome, terminal.ansi()) + " after "
                    + Times.between(root.getStatus().getStartTime(), root.getStatus().getEndTime(), now));
            out.flush();
        }
        return ExitCodes.forOutcome(outcome);
    }
}

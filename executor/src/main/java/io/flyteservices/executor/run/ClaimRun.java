package io.flyteservices.executor.run;

import flyteidl2.core.TaskLog;
import flyteidl2.core.TaskTemplate;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.executor.DatabaseOutage;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.flyteservices.executor.lease.LeaseHolder;
import io.flyteservices.executor.report.Fenced;
import io.flyteservices.executor.report.LeaseFence.FencedWork;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.status.ReportedStatus;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.DataAccessException;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.RunRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One claimed queue entry, run to the end of one attempt (BEHAVIOR Executor). Decides the attempt: the next one,
 * or, when a lost executor left the last one running, that one adopted from the backend (a pod) or recorded as
 * lost and retried (a local process). Reports the backend's events as phases (WAITING_FOR_RESOURCES,
 * INITIALIZING, RUNNING with the logs), cluster events, and the outcome: SUCCEEDED with the attempt's output
 * prefix, TIMED_OUT, FAILED, or a retry per {@link RetryPolicy} (the entry handed back until its back-off passed).
 * Every write goes through the {@code LeaseFence}: once the lease is lost nothing more is written and the work is
 * stopped; once the action is aborted the work is stopped and the entry removed.
 */
public final class ClaimRun implements LeaseHolder, BackendListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimRun.class);
    private static final Duration WRITE_RETRY = Duration.ofMillis(500);

    /** Why the work is being stopped, if it is; the first reason wins. */
    private enum Stop { LEASE_LOST, ABORTED, SHUTDOWN }

    private final ActionRunner r;
    private final Claim claim;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private volatile RunningAttempt running;
    private volatile List<TaskLog> finishedLogs = List.of();
    private volatile ActionRow action;
    private volatile int attempt;
    /** The executor recorded as running the attempt: this one, or null to keep the recorded one (a lost attempt). */
    private volatile String runsOn;
    private long startedNanos;
    private final long claimedNanos = System.nanoTime();

    ClaimRun(ActionRunner runner, Claim claim) {
        this.r = runner;
        this.claim = claim;
        this.runsOn = runner.executorId;
    }

    public Claim claim() {
        return claim;
    }

    /** What was read under the lease before anything started. */
    private record Loaded(ActionRow action, RunRow run, List<AttemptRow> attempts) {
    }

    /** Runs the entry to the end of its attempt; never throws. */
    public void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // The lease lapses and another executor (or this one) picks the entry up again.
            LOG.error("running a claimed action failed; it is retried once its lease expires entry={} action={}",
                    claim.entryId(), claim.actionId(), e);
        }
    }

    /** Stops what may still run of an aborted entry whose holder died, then removes the entry. */
    public void runAbandonedAbort() {
        try {
            AtomicReference<ActionRow> found = new AtomicReference<>();
            r.fence.writeHeld("reading an abandoned aborted action", claim, (c, a) -> found.set(a));
            ActionRow a = found.get();
            if (a != null && a.attempts() > 0) {
                r.backend.stopOrphan(a.key(), a.attempts());
            }
            r.fence.writeHeld("removing an abandoned aborted entry", claim, this::removeAborted);
            LOG.info("cleaned up an aborted action left by a lost executor entry={} action={}", claim.entryId(),
                    a == null ? claim.actionId() : a.key());
        } catch (RuntimeException e) {
            LOG.error("cleaning up an abandoned aborted action failed entry={}", claim.entryId(), e);
        }
    }

    private void runOnce() {
        AtomicReference<Loaded> loaded = new AtomicReference<>();
        Fenced fenced = r.fence.read("loading a claimed action", claim,
                (c, a) -> loaded.set(new Loaded(a, r.runs.findById(c, a.runId()).orElseThrow(),
                        r.attempts.attemptsOf(c, a.id()))),
                this::removeAborted);
        if (fenced != Fenced.HELD) {
            return;
        }
        Loaded l = loaded.get();
        action = l.action();
        if (PhaseRules.isTerminal(action.phase())) {
            r.fence.writeHeld("removing the entry of a finished action", claim,
                    (c, a) -> r.queue.deleteIfHeld(c, r.executorId, claim));
            return;
        }
        TaskTemplate template = AttemptSpecs.templateOf(action);
        if (template == null) {
            // A condition is resolved by the signal put through StateService, not by running anything.
            r.fence.writeHeld("removing the entry of a condition", claim,
                    (c, a) -> r.queue.deleteIfHeld(c, r.executorId, claim));
            LOG.info("condition action waits for its signal, not an executor action={}", action.key());
            return;
        }
        AttemptRow last = l.attempts().isEmpty() ? null : l.attempts().getLast();
        startedNanos = System.nanoTime();
        RunningAttempt started;
        AttemptSpec spec;
        if (last != null && !PhaseRules.isTerminal(last.phase())) {
            attempt = last.attempt();
            spec = r.specs.of(action, l.run(), template, attempt);
            r.metrics.takeover();
            started = r.backend.adopt(spec, this).orElse(null);
            if (started == null) {
                runsOn = null;
                LOG.warn("attempt lost with its executor, recording it failed action={} attempt={}", action.key(),
                        attempt);
                finish(spec, template, new AttemptOutcome.Failed(AttemptOutcome.ErrorKind.SYSTEM,
                        "executor lost while attempt " + attempt + " ran (its lease expired)"));
                return;
            }
            LOG.info("adopted an attempt left by a lost executor action={} attempt={}", action.key(), attempt);
        } else {
            attempt = Math.max(action.attempts(), last == null ? 0 : last.attempt()) + 1;
            spec = r.specs.of(action, l.run(), template, attempt);
            LOG.info("starting attempt action={} attempt={}", action.key(), attempt);
            started = r.backend.start(spec, this);
        }
        running = started;
        Stop why = stop.get();
        if (why != null && stopsTheWork(why)) {
            started.abort();
        }
        AttemptOutcome outcome = started.outcome().join();
        finish(spec, template, outcome);
    }

    @Override
    public void onEvent(BackendEvent event) {
        switch (event) {
            case BackendEvent.WaitingForResources w -> report(Phase.PHASE_WAITING_FOR_RESOURCES, null);
            case BackendEvent.Initializing i -> report(Phase.PHASE_INITIALIZING, null);
            case BackendEvent.Started s -> {
                if (report(Phase.PHASE_RUNNING, s.logs()) == Fenced.HELD) {
                    r.metrics.started(Duration.ofNanos(System.nanoTime() - claimedNanos));
                }
            }
            case BackendEvent.ClusterEvent e -> write("recording a cluster event",
                    (c, a) -> r.recorder.recordClusterEvent(c, a, attempt, e.occurredAt(), e.message()));
            case BackendEvent.Finished f -> finishedLogs = f.logs();
        }
    }

    private Fenced report(Phase phase, List<TaskLog> logs) {
        return write("recording " + phase.name(), (c, a) -> r.recorder.record(c, a,
                new ReportedStatus(attempt, phase, null, null, logs, runsOn)));
    }

    /**
     * A fenced write made while the attempt runs; a failure is logged, the outcome's write is what matters. Returns
     * what the fence found, LOST when nothing was written.
     */
    private Fenced write(String what, FencedWork work) {
        if (stop.get() == Stop.LEASE_LOST) {
            return Fenced.LOST;
        }
        try {
            Fenced fenced = r.fence.write(what, claim, work, this::removeAborted);
            stopIfFenced(fenced);
            return fenced;
        } catch (DataAccessException | ControlPlaneException.Unavailable e) {
            LOG.warn("{} failed action={} attempt={}", what, claim.actionId(), attempt, e);
            return Fenced.LOST;
        }
    }

    private void finish(AttemptSpec spec, TaskTemplate template, AttemptOutcome outcome) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        Stop why = stop.get();
        if (why == Stop.LEASE_LOST) {
            r.metrics.attemptEnded("lost", took);
            return;
        }
        String label = switch (outcome) {
            case AttemptOutcome.Succeeded s -> "succeeded";
            case AttemptOutcome.TimedOut t -> "timed_out";
            case AttemptOutcome.Failed f -> f.kind() == AttemptOutcome.ErrorKind.USER ? "failed_user" : "failed_system";
            case AttemptOutcome.Aborted a -> why == Stop.SHUTDOWN ? "handed_back" : "aborted";
        };
        FencedWork work = switch (outcome) {
            case AttemptOutcome.Succeeded s -> (c, a) -> r.recorder.record(c, a, status(Phase.PHASE_SUCCEEDED,
                    spec.outputPrefix(), null));
            case AttemptOutcome.TimedOut t -> (c, a) -> r.recorder.record(c, a, status(Phase.PHASE_TIMED_OUT, null,
                    new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "timed out after "
                            + spec.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT))));
            case AttemptOutcome.Failed f -> (c, a) -> failed(c, a, template, kindOf(f.kind()), f.message());
            case AttemptOutcome.Aborted a -> why == Stop.SHUTDOWN
                    ? (c, row) -> handBack(c, row, "executor stopped while the attempt ran")
                    : (c, row) -> removeAborted(c, row);
        };
        writeOutcome("recording the outcome", work);
        r.metrics.attemptEnded(label, took);
        LOG.info("attempt ended action={} attempt={} outcome={} tookMs={}", spec.action(), attempt, label,
                took.toMillis());
    }

    /** Writes the outcome, retrying while the database is unreachable, until written or the lease is lost. */
    private void writeOutcome(String what, FencedWork work) {
        DatabaseOutage outage = new DatabaseOutage(LOG, what + " of action " + claim.actionId() + " attempt " + attempt);
        while (true) {
            try {
                r.fence.write(what, claim, work, this::removeAborted);
                outage.succeeded();
                return;
            } catch (DataAccessException | ControlPlaneException.Unavailable e) {
                // The lease keeper marks the lease lost once a whole lease period passed unrenewed: then stop.
                if (stop.get() == Stop.LEASE_LOST) {
                    return;
                }
                outage.failed(e);
                try {
                    Thread.sleep(WRITE_RETRY);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void failed(Connection c, ActionRow a, TaskTemplate template, ErrorInfo.Kind kind, String message)
            throws SQLException {
        ReportedStatus failed = status(Phase.PHASE_FAILED, null, new ReportedStatus.Failure(kind, message));
        if (r.retries.retries(template, kind, attempt, r.attempts.attemptsOf(c, a.id()))) {
            Duration backoff = r.retries.backoff(attempt);
            if (r.recorder.recordRetry(c, a, failed).applies()) {
                r.queue.releaseForRetryIfHeld(c, r.executorId, claim, backoff.toMillis());
                LOG.info("attempt failed, retrying action={} attempt={} kind={} backoffMs={}", a.key(), attempt,
                        kind, backoff.toMillis());
            }
        } else {
            r.recorder.record(c, a, failed);
        }
    }

    /** Ends the attempt as failed by the platform and hands the entry back at once for the next attempt. */
    private void handBack(Connection c, ActionRow a, String why) throws SQLException {
        ReportedStatus lost = status(Phase.PHASE_FAILED, null,
                new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, why));
        if (r.recorder.recordRetry(c, a, lost).applies()) {
            r.queue.releaseForRetryIfHeld(c, r.executorId, claim, 0);
        }
    }

    /** The action was aborted: end its attempts that are still active and remove the entry. */
    private void removeAborted(Connection c, ActionRow a) throws SQLException {
        r.attempts.abortActiveAttempts(c, List.of(a.id()));
        r.queue.deleteIfHeld(c, r.executorId, claim);
    }

    private ReportedStatus status(Phase phase, String outputUri, ReportedStatus.Failure failure) {
        return new ReportedStatus(attempt, phase, outputUri, failure, finishedLogs.isEmpty() ? null : finishedLogs,
                runsOn);
    }

    private static ErrorInfo.Kind kindOf(AttemptOutcome.ErrorKind kind) {
        return kind == AttemptOutcome.ErrorKind.USER ? ErrorInfo.Kind.KIND_USER : ErrorInfo.Kind.KIND_SYSTEM;
    }

    private void stopIfFenced(Fenced fenced) {
        if (fenced == Fenced.LOST) {
            leaseLost();
        } else if (fenced == Fenced.ABORTED) {
            abortRequested();
        }
    }

    @Override
    public void leaseLost() {
        stopWith(Stop.LEASE_LOST);
    }

    @Override
    public void abortRequested() {
        stopWith(Stop.ABORTED);
    }

    /**
     * The executor is stopping: stop the work and hand the entry back for another executor. Work that outlives its
     * executor (a pod) keeps running and the lease is simply released, for the next executor to adopt it.
     */
    public void handBack() {
        if (r.workOutlivesExecutor()) {
            // Marked lost rather than stopped: the pod keeps running, nothing more is written from here.
            if (stop.compareAndSet(null, Stop.LEASE_LOST)) {
                r.db.inTransaction("releasing a lease", c -> r.queue.releaseForRetryIfHeld(c, r.executorId, claim, 0));
                LOG.info("lease released, the attempt keeps running for another executor action={} attempt={}",
                        claim.actionId(), attempt);
            }
            return;
        }
        stopWith(Stop.SHUTDOWN);
    }

    private void stopWith(Stop why) {
        Stop previous = stop.getAndUpdate(current -> current == null || why == Stop.LEASE_LOST ? why : current);
        RunningAttempt current = running;
        if (previous == null && current != null && stopsTheWork(why)) {
            current.abort();
        }
    }

    /**
     * Whether stopping for {@code why} stops the work itself. A lost lease does not stop work that outlives its
     * executor: the executor that took the lease over follows that very pod.
     */
    private boolean stopsTheWork(Stop why) {
        return why != Stop.LEASE_LOST || !r.workOutlivesExecutor();
    }
}

package io.flyteservices.status;

import flyteidl2.core.TaskLog;
import flyteidl2.workflow.Phase;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.phase.Transition;
import io.flyteservices.queue.Aborter;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptPhase;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.QueueStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Applies a reported status to an action in the caller's transaction (DESIGN §5): {@link PhaseRules} decides,
 * then one guarded update of the action (phase, attempt count, error, end time), the attempt's phase, output URI
 * and error, and its phase transitions (the open one closed, the new one opened). A terminal phase also removes
 * the action's queue entry and aborts its descendants that are still active (no child outlives its parent). A late, backward or repeated status changes nothing.
 *
 * <p>Attempts exist from the first phase past QUEUED: a status for an action without attempts creates attempt 1
 * then, and a QUEUED status of a not yet started action is no change at all.
 */
@Singleton
public final class StatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

    private final ActionStore actions;
    private final AttemptStore attempts;
    private final QueueStore queue;
    private final Aborter aborter;

    public StatusRecorder(ActionStore actions, AttemptStore attempts, QueueStore queue, Aborter aborter) {
        this.actions = actions;
        this.attempts = attempts;
        this.queue = queue;
        this.aborter = aborter;
    }

    /**
     * Records {@code status} on {@code action}, the row as read in this transaction. Returns {@link Transition#APPLY}
     * when the action moved, or why nothing changed. The caller should have read the row with
     * {@code ActionStore.findByKeyForUpdate}: the update is guarded by the row's version, so a row changed since
     * it was read is left alone rather than overwritten.
     */
    public Transition record(Connection c, ActionRow action, ReportedStatus status) throws SQLException {
        Phase next = status.phase();
        Transition decision = PhaseRules.decide(Phase.forNumber(action.phase()), action.attempts(), next,
                status.attempt());
        if (!decision.applies()) {
            return ignored(action, status, decision);
        }
        boolean started = next.getNumber() > Phase.PHASE_QUEUED_VALUE;
        int attemptCount = started ? Math.max(action.attempts(), status.attempt()) : action.attempts();
        if (next.getNumber() == action.phase() && attemptCount == action.attempts()) {
            return ignored(action, status, new Transition.Ignore("action is already " + next.name()));
        }
        boolean terminal = PhaseRules.isTerminal(next);
        ReportedStatus.Failure failure = isFailure(next) ? status.failure() : null;
        if (!actions.recordStatusIfUnchangedAndActive(c, action.id(), action.version(), next.getNumber(),
                attemptCount, terminal, failure == null ? null : failure.kind().getNumber(),
                failure == null ? null : failure.message())) {
            return ignored(action, status, new Transition.Ignore("action changed since it was read"));
        }
        if (started && !attempts.recordPhaseIfForward(c, attemptPhase(action, status, next, terminal, failure))) {
            // The attempt row was already past this phase while the action was not: keep the attempt as it is.
            LOG.warn("attempt ahead of its action, attempt left unchanged action={} attempt={} phase={}",
                    action.key(), status.attempt(), next.name());
        }
        if (terminal) {
            queue.deleteOfAction(c, action.id());
            aborter.abortDescendants(c, action, "parent action " + action.key().name() + " ended " + next.name());
        }
        LOG.debug("status recorded action={} attempt={} phase={}", action.key(), status.attempt(), next.name());
        return Transition.APPLY;
    }

    /**
     * Records that attempt {@code failed.attempt()} failed and the action will be retried: the attempt ends FAILED
     * with its error and logs, and the action goes back to QUEUED (its error cleared: it is not failed) until the
     * next attempt starts. The caller keeps or releases the queue entry. Ignored, like {@link #record}, when the
     * action finished or moved to a newer attempt meanwhile.
     */
    public Transition recordRetry(Connection c, ActionRow action, ReportedStatus failed) throws SQLException {
        if (failed.phase() != Phase.PHASE_FAILED || failed.failure() == null) {
            throw new IllegalArgumentException("a retry follows a FAILED status with its failure, got " + failed);
        }
        Transition decision = PhaseRules.decide(Phase.forNumber(action.phase()), action.attempts(), failed.phase(),
                failed.attempt());
        if (!decision.applies()) {
            return ignored(action, failed, decision);
        }
        int attemptCount = Math.max(action.attempts(), failed.attempt());
        if (!actions.recordStatusIfUnchangedAndActive(c, action.id(), action.version(), Phase.PHASE_QUEUED_VALUE,
                attemptCount, false, null, null)) {
            return ignored(action, failed, new Transition.Ignore("action changed since it was read"));
        }
        attempts.recordPhaseIfForward(c, attemptPhase(action, failed, Phase.PHASE_FAILED, true, failed.failure()));
        LOG.debug("attempt failed, action queued for retry action={} attempt={}", action.key(), failed.attempt());
        return Transition.APPLY;
    }

    /**
     * Appends what the platform reported about an attempt's work (a Kubernetes event about its pod). Kept even
     * after the action finished: events about a finished pod still explain what happened.
     */
    public void recordClusterEvent(Connection c, ActionRow action, int attempt, Instant occurredAt, String message)
            throws SQLException {
        attempts.insertClusterEvent(c, action.id(), attempt, occurredAt, message);
    }

    private static AttemptPhase attemptPhase(ActionRow action, ReportedStatus status, Phase phase, boolean terminal,
                                             ReportedStatus.Failure failure) {
        List<byte[]> logs = status.logs() == null ? null
                : status.logs().stream().map(TaskLog::toByteArray).toList();
        return new AttemptPhase(action.id(), status.attempt(), phase.getNumber(), terminal, status.outputUri(),
                failure == null ? null : failure.kind().getNumber(), failure == null ? null : failure.message(),
                logs, status.executorId());
    }

    private static Transition ignored(ActionRow action, ReportedStatus status, Transition decision) {
        if (decision instanceof Transition.Ignore ignore) {
            LOG.debug("status ignored action={} attempt={} phase={} reason={}", action.key(), status.attempt(),
                    status.phase().name(), ignore.reason());
        }
        return decision;
    }

    /** The phases that carry an error (ActionDetails shows error_info for them). */
    private static boolean isFailure(Phase phase) {
        return phase == Phase.PHASE_FAILED || phase == Phase.PHASE_TIMED_OUT;
    }
}

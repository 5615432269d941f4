package io.flyteservices.phase;

import flyteidl2.workflow.Phase;

/**
 * The action state machine (DESIGN §3):
 * <ul>
 *   <li>within an attempt, phases only move forward (QUEUED → WAITING_FOR_RESOURCES → INITIALIZING → RUNNING →
 *       a terminal phase);</li>
 *   <li>SUCCEEDED, FAILED, ABORTED and TIMED_OUT are final for the action;</li>
 *   <li>a retry is a newer attempt, which may start again from an early phase;</li>
 *   <li>abort wins over any non-terminal phase;</li>
 *   <li>an update for an older attempt, or arriving after a terminal phase, is ignored;</li>
 *   <li>an action back in QUEUED after attempt N failed waits for attempt N+1: a late update of attempt N (or
 *       earlier) is ignored.</li>
 * </ul>
 */
public final class PhaseRules {

    /**
     * The highest phase number that is not terminal. Guarded SQL writes bind it ({@code phase <= ?}), so the
     * database refuses to move a finished action.
     */
    public static final int LAST_ACTIVE = Phase.PHASE_RUNNING_VALUE;

    /** The phase an action is created in. */
    public static final Phase INITIAL = Phase.PHASE_QUEUED;

    /** Default reason recorded when an abort request gives none. */
    public static final String DEFAULT_ABORT_REASON = "User requested abort";

    private PhaseRules() {
    }

    /** Whether the phase is final. A phase number this version does not know is treated as not terminal. */
    public static boolean isTerminal(Phase phase) {
        return phase != Phase.UNRECOGNIZED && isTerminal(phase.getNumber());
    }

    public static boolean isTerminal(int phaseNumber) {
        return phaseNumber > LAST_ACTIVE;
    }

    /**
     * Decides whether an update carrying {@code next} for attempt {@code nextAttempt} may be applied to an
     * action now in {@code current} at attempt {@code currentAttempt} (0 = not started yet).
     */
    public static Transition decide(Phase current, int currentAttempt, Phase next, int nextAttempt) {
        if (next == Phase.PHASE_UNSPECIFIED || next == Phase.UNRECOGNIZED) {
            return new Transition.Ignore("phase is unspecified");
        }
        if (isTerminal(current)) {
            return new Transition.Ignore("action is already " + current.name());
        }
        if (next == Phase.PHASE_ABORTED) {
            return Transition.APPLY;
        }
        if (nextAttempt < currentAttempt) {
            return new Transition.Ignore("attempt " + nextAttempt + " is older than attempt " + currentAttempt);
        }
        if (current == Phase.PHASE_QUEUED && currentAttempt > 0 && nextAttempt == currentAttempt) {
            return new Transition.Ignore("attempt " + currentAttempt + " ended and a retry is pending");
        }
        if (nextAttempt == currentAttempt && next.getNumber() < current.getNumber()) {
            return new Transition.Ignore(next.name() + " would move attempt " + nextAttempt
                    + " back from " + current.name());
        }
        return Transition.APPLY;
    }

    /** Whether an abort changes an action now in {@code current}: only non-terminal actions are aborted. */
    public static Transition abort(Phase current) {
        return isTerminal(current)
                ? new Transition.Ignore("action is already " + current.name())
                : Transition.APPLY;
    }

    /**
     * The phase a trace action is recorded in when enqueued: a trace reports work that already happened, so
     * it is stored finished, SUCCEEDED unless it reports another terminal phase.
     */
    public static Phase traceRecordedPhase(Phase reported) {
        return isTerminal(reported) ? reported : Phase.PHASE_SUCCEEDED;
    }
}

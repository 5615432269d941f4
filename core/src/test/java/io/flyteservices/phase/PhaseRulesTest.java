package io.flyteservices.phase;

import flyteidl2.workflow.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The action state machine of DESIGN §3, decision by decision. */
class PhaseRulesTest {

    @Test
    void shouldApplyUpdateWhenItMovesForwardWithinAnAttempt() {
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 0, Phase.PHASE_QUEUED, 1).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 0, Phase.PHASE_WAITING_FOR_RESOURCES, 1).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_WAITING_FOR_RESOURCES, 1, Phase.PHASE_INITIALIZING, 1).applies())
                .isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_INITIALIZING, 1, Phase.PHASE_RUNNING, 1).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_SUCCEEDED, 1).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 0, Phase.PHASE_RUNNING, 1).applies())
                .as("skipping intermediate phases is still forward").isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 2, Phase.PHASE_FAILED, 2).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_TIMED_OUT, 1).applies()).isTrue();
    }

    @Test
    void shouldIgnoreUpdateWhenItMovesBackWithinAnAttempt() {
        Transition t = PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_INITIALIZING, 1);

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(((Transition.Ignore) t).reason()).contains("PHASE_INITIALIZING", "PHASE_RUNNING");
        assertThat(PhaseRules.decide(Phase.PHASE_INITIALIZING, 3, Phase.PHASE_QUEUED, 3).applies()).isFalse();
    }

    @Test
    void shouldApplyEarlyPhaseWhenItBelongsToANewerAttempt() {
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_QUEUED, 2).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_INITIALIZING, 2).applies()).isTrue();
    }

    @Test
    void shouldIgnoreLateUpdateOfTheFailedAttemptWhenARetryIsPending() {
        // QUEUED with attempts = 2: attempt 2 failed and attempt 3 has not started.
        Transition late = PhaseRules.decide(Phase.PHASE_QUEUED, 2, Phase.PHASE_FAILED, 2);

        assertThat(late).isInstanceOf(Transition.Ignore.class);
        assertThat(((Transition.Ignore) late).reason()).contains("retry is pending");
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 2, Phase.PHASE_RUNNING, 2).applies()).isFalse();
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 2, Phase.PHASE_INITIALIZING, 3).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 2, Phase.PHASE_ABORTED, 2).applies()).isTrue();
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 0, Phase.PHASE_RUNNING, 1).applies())
                .as("a first attempt starting").isTrue();
    }

    @Test
    void shouldIgnoreUpdateWhenItBelongsToAnOlderAttempt() {
        Transition t = PhaseRules.decide(Phase.PHASE_QUEUED, 2, Phase.PHASE_RUNNING, 1);

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(((Transition.Ignore) t).reason()).contains("attempt 1", "attempt 2");
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 2, Phase.PHASE_FAILED, 1).applies())
                .as("a late terminal phase of an older attempt").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_SUCCEEDED", "PHASE_FAILED", "PHASE_ABORTED", "PHASE_TIMED_OUT"})
    void shouldIgnoreEveryUpdateWhenActionIsTerminal(Phase terminal) {
        for (Phase next : Phase.values()) {
            if (next == Phase.UNRECOGNIZED) {
                continue;
            }
            assertThat(PhaseRules.decide(terminal, 1, next, 1).applies()).as("%s after %s", next, terminal).isFalse();
            assertThat(PhaseRules.decide(terminal, 1, next, 2).applies()).as("%s of a newer attempt after %s", next,
                    terminal).isFalse();
        }
        assertThat(PhaseRules.isTerminal(terminal)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_UNSPECIFIED", "PHASE_QUEUED", "PHASE_WAITING_FOR_RESOURCES",
            "PHASE_INITIALIZING", "PHASE_RUNNING"})
    void shouldApplyAbortWhenActionIsNotTerminal(Phase current) {
        assertThat(PhaseRules.decide(current, 1, Phase.PHASE_ABORTED, 1).applies()).isTrue();
        assertThat(PhaseRules.decide(current, 2, Phase.PHASE_ABORTED, 1).applies())
                .as("abort wins even when it names an older attempt").isTrue();
        assertThat(PhaseRules.abort(current).applies()).isTrue();
        assertThat(PhaseRules.isTerminal(current)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_SUCCEEDED", "PHASE_FAILED", "PHASE_ABORTED", "PHASE_TIMED_OUT"})
    void shouldIgnoreAbortWhenActionIsTerminal(Phase terminal) {
        Transition t = PhaseRules.abort(terminal);

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(((Transition.Ignore) t).reason()).contains(terminal.name());
        assertThat(PhaseRules.decide(terminal, 1, Phase.PHASE_ABORTED, 1).applies()).isFalse();
    }

    @Test
    void shouldIgnoreUpdateWhenPhaseIsUnspecified() {
        assertThat(PhaseRules.decide(Phase.PHASE_QUEUED, 0, Phase.PHASE_UNSPECIFIED, 1).applies()).isFalse();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.PHASE_UNSPECIFIED, 2).applies()).isFalse();
        assertThat(PhaseRules.decide(Phase.PHASE_RUNNING, 1, Phase.UNRECOGNIZED, 2).applies()).isFalse();
    }

    @Test
    void shouldBeTerminalWhenPhaseComesAfterRunning() {
        assertThat(PhaseRules.LAST_ACTIVE).isEqualTo(Phase.PHASE_RUNNING_VALUE);
        for (int n = 0; n <= 8; n++) {
            assertThat(PhaseRules.isTerminal(n)).as("phase %d", n).isEqualTo(n >= Phase.PHASE_SUCCEEDED_VALUE);
        }
    }

    @Test
    void shouldRecordTraceSucceededWhenItReportsNoTerminalPhase() {
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_UNSPECIFIED)).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_QUEUED)).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_RUNNING)).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_SUCCEEDED)).isEqualTo(Phase.PHASE_SUCCEEDED);
    }

    @Test
    void shouldRecordTraceInItsReportedPhaseWhenThatIsTerminal() {
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_FAILED)).isEqualTo(Phase.PHASE_FAILED);
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_ABORTED)).isEqualTo(Phase.PHASE_ABORTED);
        assertThat(PhaseRules.traceRecordedPhase(Phase.PHASE_TIMED_OUT)).isEqualTo(Phase.PHASE_TIMED_OUT);
    }

    @Test
    void shouldRecordTraceSucceededWhenItReportsAPhaseNumberThisVersionDoesNotKnow() {
        // PRODUCT BUG (PhaseRules.isTerminal(Phase)): Phase.UNRECOGNIZED.getNumber() throws, so a trace sent with
        // an unknown phase number (a newer client) fails EnqueueAction with INTERNAL instead of being recorded.
        // Like PHASE_UNSPECIFIED in decide(), an unknown phase should count as "not terminal".
        assertThat(PhaseRules.traceRecordedPhase(Phase.UNRECOGNIZED)).isEqualTo(Phase.PHASE_SUCCEEDED);
    }
}

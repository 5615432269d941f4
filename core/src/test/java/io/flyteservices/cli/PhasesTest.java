package io.flyteservices.cli;

import flyteidl2.workflow.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhasesTest {

    @Test
    void shouldDropThePrefixWhenShortening() {
        assertThat(Phases.shortName(Phase.PHASE_RUNNING)).isEqualTo("RUNNING");
        assertThat(Phases.shortName(Phase.PHASE_TIMED_OUT)).isEqualTo("TIMED_OUT");
        assertThat(Phases.shortName(Phase.PHASE_WAITING_FOR_RESOURCES)).isEqualTo("WAITING");
        assertThat(Phases.shortName(Phase.PHASE_UNSPECIFIED)).isEqualTo("UNKNOWN");
    }

    @Test
    void shouldReadAPhaseAsThePhasePackageDoes() {
        assertThat(Phases.parse("waiting")).isEqualTo(Phase.PHASE_WAITING_FOR_RESOURCES);
        assertThat(Phases.parse("4")).isEqualTo(Phase.PHASE_RUNNING);
    }

    @Test
    void shouldListTheKnownPhasesWhenParsingAnUnknownOne() {
        assertThatThrownBy(() -> Phases.parse("done"))
                .hasMessageContaining("unknown phase 'done'")
                .hasMessageContaining("QUEUED, WAITING, INITIALIZING, RUNNING, SUCCEEDED, FAILED, ABORTED, TIMED_OUT");
        assertThatThrownBy(() -> Phases.parse("unspecified")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldColourOnlyWhenAnsiIsOn() {
        assertThat(Phases.styled(Phase.PHASE_FAILED, false)).isEqualTo("FAILED");
        assertThat(Phases.styled(Phase.PHASE_FAILED, true)).isEqualTo("\u001B[31mFAILED\u001B[0m");
        assertThat(Phases.styled(Phase.PHASE_SUCCEEDED, true)).startsWith("\u001B[32m");
    }
}

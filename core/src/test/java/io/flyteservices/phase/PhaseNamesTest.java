package io.flyteservices.phase;

import flyteidl2.workflow.Phase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseNamesTest {

    @Test
    void shouldReadNamesInAnyCaseWithOrWithoutPrefixWhenParsed() {
        assertThat(PhaseNames.parse("PHASE_RUNNING")).contains(Phase.PHASE_RUNNING);
        assertThat(PhaseNames.parse("running")).contains(Phase.PHASE_RUNNING);
        assertThat(PhaseNames.parse(" TimedOut ")).contains(Phase.PHASE_TIMED_OUT);
        assertThat(PhaseNames.parse("waiting-for-resources")).contains(Phase.PHASE_WAITING_FOR_RESOURCES);
        assertThat(PhaseNames.parse("waiting")).contains(Phase.PHASE_WAITING_FOR_RESOURCES);
    }

    @Test
    void shouldReadNumbersOfKnownPhasesOnlyWhenParsed() {
        assertThat(PhaseNames.parse("4")).contains(Phase.PHASE_RUNNING);
        assertThat(PhaseNames.parse("0")).contains(Phase.PHASE_UNSPECIFIED);
        assertThat(PhaseNames.parse("9")).isEmpty();
        assertThat(PhaseNames.parse("99999999999999")).isEmpty();
        assertThat(PhaseNames.parse("-1")).isEmpty();
    }

    @Test
    void shouldRejectWhatIsNoPhaseWhenParsed() {
        assertThat(PhaseNames.parse("FOO")).isEmpty();
        assertThat(PhaseNames.parse("")).isEmpty();
        assertThat(PhaseNames.parse("UNRECOGNIZED")).isEmpty();
    }
}

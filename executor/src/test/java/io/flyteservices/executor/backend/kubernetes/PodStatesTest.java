package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodStatesTest {

    @Test
    void shouldBeUnscheduledWhenPodHasNoStatusYet() {
        assertThat(PodStates.of(new V1Pod())).contains(new PodState.Unscheduled("pod not scheduled yet"));
    }

    @Test
    void shouldCarryTheSchedulersReasonWhenPodCannotBeScheduled() {
        var status = new V1PodStatus().phase("Pending").conditions(List.of(new V1PodCondition()
                .type("PodScheduled").status("False").reason("Unschedulable")
                .message("0/3 nodes are available: 3 Insufficient cpu.")));

        assertThat(PodStates.of(new V1Pod().status(status)))
                .contains(new PodState.Unscheduled("Unschedulable: 0/3 nodes are available: 3 Insufficient cpu."));
    }

    @Test
    void shouldBeScheduledWhenPendingPodWasPlacedOnANode() {
        var status = new V1PodStatus().phase("Pending")
                .conditions(List.of(new V1PodCondition().type("PodScheduled").status("True")));

        assertThat(PodStates.of(new V1Pod().status(status))).contains(new PodState.Scheduled());
    }

    @Test
    void shouldBeRunningOrSucceededWhenPhaseSaysSo() {
        assertThat(PodStates.of(pod("Running"))).contains(new PodState.Running());
        assertThat(PodStates.of(pod("Succeeded")))
                .contains(new PodState.Ended(new AttemptOutcome.Succeeded(), true));
    }

    @Test
    void shouldFailAsUserErrorWithExitCodeAndTerminationMessageWhenContainerExitsNonZero() {
        var pod = pod("Failed", terminated(3, "Error", "Traceback...\nValueError: boom\n"));

        assertThat(PodStates.of(pod)).contains(new PodState.Ended(
                new AttemptOutcome.Failed(ErrorKind.USER, "exit code 3: Traceback...\nValueError: boom"), true));
    }

    @Test
    void shouldNameTheReasonWhenContainerWasOomKilled() {
        var pod = pod("Failed", terminated(137, "OOMKilled", null));

        assertThat(PodStates.of(pod)).contains(new PodState.Ended(
                new AttemptOutcome.Failed(ErrorKind.USER, "exit code 137: OOMKilled"), true));
    }

    @Test
    void shouldTimeOutWhenPodExceededItsDeadline() {
        var status = new V1PodStatus().phase("Failed").reason("DeadlineExceeded")
                .message("Pod was active on the node longer than the specified deadline");

        assertThat(PodStates.of(new V1Pod().status(status)))
                .contains(new PodState.Ended(new AttemptOutcome.TimedOut(), false));
    }

    @Test
    void shouldFailAsSystemErrorWhenPodWasEvictedEvenIfTheContainerExitedNonZero() {
        var status = new V1PodStatus().phase("Failed").reason("Evicted")
                .message("The node was low on resource: memory.")
                .containerStatuses(List.of(terminated(137, "Error", null)));

        assertThat(PodStates.of(new V1Pod().status(status))).contains(new PodState.Ended(
                new AttemptOutcome.Failed(ErrorKind.SYSTEM, "Evicted: The node was low on resource: memory."),
                false));
    }

    @Test
    void shouldFailAsSystemErrorWhenFailedPodSaysNothingMore() {
        assertThat(PodStates.of(pod("Failed"))).contains(new PodState.Ended(
                new AttemptOutcome.Failed(ErrorKind.SYSTEM, "pod failed"), false));
    }

    @Test
    void shouldSayNothingWhenPhaseIsUnknown() {
        assertThat(PodStates.of(pod("Unknown"))).isEmpty();
    }

    @Test
    void shouldRankStatesInTheOrderAnAttemptMovesThrough() {
        assertThat(List.of(new PodState.Unscheduled("x"), new PodState.Scheduled(), new PodState.Running(),
                new PodState.Ended(new AttemptOutcome.Succeeded(), true)))
                .extracting(PodState::rank)
                .isSorted()
                .doesNotHaveDuplicates();
    }

    private static V1Pod pod(String phase, V1ContainerStatus... containers) {
        return new V1Pod().status(new V1PodStatus().phase(phase).containerStatuses(List.of(containers)));
    }

    private static V1ContainerStatus terminated(int exitCode, String reason, String message) {
        return new V1ContainerStatus().name(PodFactory.CONTAINER).state(new V1ContainerState().terminated(
                new V1ContainerStateTerminated().exitCode(exitCode).reason(reason).message(message)));
    }
}

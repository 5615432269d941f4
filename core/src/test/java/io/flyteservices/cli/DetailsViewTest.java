package io.flyteservices.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.core.KeyValuePair;
import flyteidl2.core.TaskLog;
import flyteidl2.task.Envs;
import flyteidl2.task.RunSpec;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ActionMetadata;
import flyteidl2.workflow.ActionStatus;
import flyteidl2.workflow.ClusterEvent;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.PhaseTransition;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunDetails;
import flyteidl2.workflow.TaskActionMetadata;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetailsViewTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private static final RunIdentifier RUN =
            RunIdentifier.newBuilder().setProject("p").setDomain("d").setName("r1").build();

    @Test
    void shouldShowFieldsThenAttemptsLogsTransitionsAndEventsWhenRenderingAnAction() {
        ActionDetails failed = ActionDetails.newBuilder()
                .setId(ActionIdentifier.newBuilder().setRun(RUN).setName("a0-c1"))
                .setMetadata(ActionMetadata.newBuilder().setParent("a0")
                        .setTask(TaskActionMetadata.newBuilder().setShortName("sh").setTaskType("container")))
                .setStatus(ActionStatus.newBuilder().setPhase(Phase.PHASE_FAILED).setAttempts(1)
                        .setStartTime(ts(0)).setEndTime(ts(3)))
                .setErrorInfo(ErrorInfo.newBuilder().setKind(ErrorInfo.Kind.KIND_USER)
                        .setMessage("exit code 3: boom\nand more"))
                .addAttempts(ActionAttempt.newBuilder().setAttempt(1).setPhase(Phase.PHASE_FAILED)
                        .setStartTime(ts(1)).setEndTime(ts(3))
                        .setErrorInfo(ErrorInfo.newBuilder().setKind(ErrorInfo.Kind.KIND_USER).setMessage("boom"))
                        .addLogInfo(TaskLog.newBuilder().setName("stdout").setUri("file:///w/stdout.log"))
                        .addPhaseTransitions(PhaseTransition.newBuilder().setPhase(Phase.PHASE_RUNNING)
                                .setStartTime(ts(1)).setEndTime(ts(3)))
                        .addPhaseTransitions(PhaseTransition.newBuilder().setPhase(Phase.PHASE_FAILED)
                                .setStartTime(ts(3)))
                        .addClusterEvents(ClusterEvent.newBuilder().setOccurredAt(ts(2)).setMessage("pulled")))
                .build();

        String text = new DetailsView(false, T0.plusSeconds(10)).action(failed);

        assertThat(text).isEqualTo("""
                Action    p/d/r1/a0-c1
                Parent    a0
                Phase     FAILED
                Task      sh (container)
                Attempts  1
                Started   2025-06-01 10:00:00Z
                Ended     2025-06-01 10:00:03Z
                Duration  3.0s
                Error     user error: exit code 3: boom | and more

                ATTEMPT  PHASE   STARTED               DURATION  ERROR
                1        FAILED  2025-06-01 10:00:01Z  2.0s      user error: boom

                ATTEMPT  LOG     URI
                1        stdout  file:///w/stdout.log

                ATTEMPT  PHASE    STARTED               DURATION
                1        RUNNING  2025-06-01 10:00:01Z  2.0s
                1        FAILED   2025-06-01 10:00:03Z

                ATTEMPT  TIME                  MESSAGE
                1        2025-06-01 10:00:02Z  pulled
                """);
    }

    @Test
    void shouldShowTheRunIdAndEnvWithoutAttemptsWhenRunIsQueued() {
        RunDetails queued = RunDetails.newBuilder()
                .setRunSpec(RunSpec.newBuilder().setEnvs(Envs.newBuilder()
                        .addValues(KeyValuePair.newBuilder().setKey("A").setValue("1"))))
                .setAction(ActionDetails.newBuilder().setId(ActionIdentifier.newBuilder().setRun(RUN).setName("a0"))
                        .setStatus(ActionStatus.newBuilder().setPhase(Phase.PHASE_QUEUED).setStartTime(ts(0))))
                .build();

        String text = new DetailsView(false, T0.plusSeconds(2)).run(queued);

        assertThat(text).isEqualTo("""
                Run       p/d/r1
                Phase     QUEUED
                Task      -
                Attempts  0
                Started   2025-06-01 10:00:00Z
                Duration  2.0s
                Env       A=1
                """);
    }

    @Test
    void shouldListRunsOneLineEachWhenRenderingAList() {
        Run run = Run.newBuilder().setAction(Action.newBuilder()
                .setId(ActionIdentifier.newBuilder().setRun(RUN).setName("a0"))
                .setMetadata(ActionMetadata.newBuilder().setTask(TaskActionMetadata.newBuilder().setShortName("sh")))
                .setStatus(ActionStatus.newBuilder().setPhase(Phase.PHASE_RUNNING).setAttempts(1)
                        .setStartTime(ts(0)))).build();

        assertThat(new DetailsView(false, T0.plusSeconds(65)).runs(List.of(run))).isEqualTo("""
                NAME  PHASE    TASK  ATTEMPTS  STARTED               DURATION
                r1    RUNNING  sh    1         2025-06-01 10:00:00Z  1m05s
                """);
    }

    private static Timestamp ts(int seconds) {
        return Timestamps.fromMillis(T0.plusSeconds(seconds).toEpochMilli());
    }
}

package io.flyteservices.cli;

import com.google.protobuf.util.Timestamps;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.ActionMetadata;
import flyteidl2.workflow.ActionStatus;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.TaskActionMetadata;
import flyteidl2.workflow.WatchActionsResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WatchViewTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void shouldShowChildrenIndentedUnderTheirParentWithAProgressLine() {
        WatchView view = new WatchView();
        view.apply(response(action("a0", "", Phase.PHASE_RUNNING, 1, 0, -1),
                action("a0-c2", "a0", Phase.PHASE_QUEUED, 0, -1, -1)));
        view.apply(response(action("a0-c1", "a0", Phase.PHASE_SUCCEEDED, 1, 1, 3)));

        assertThat(view.table(false, T0.plusSeconds(5))).containsExactly(
                "ACTION   TASK  PHASE      ATTEMPTS  DURATION",
                "a0       sh    RUNNING    1         5.0s",
                "  a0-c2  sh    QUEUED     0         -",
                "  a0-c1  sh    SUCCEEDED  1         2.0s",
                "",
                "1/3 actions done, 1 running, 1 queued");
        assertThat(view.finished()).isFalse();
    }

    @Test
    void shouldFinishWhenTheRootIsTerminalEvenWhileChildrenAreNot() {
        WatchView view = new WatchView();
        view.apply(response(action("a0", "", Phase.PHASE_RUNNING, 1, 0, -1),
                action("a0-c1", "a0", Phase.PHASE_RUNNING, 1, 0, -1)));
        view.apply(response(action("a0-c1", "a0", Phase.PHASE_FAILED, 2, 0, 4)));
        assertThat(view.finished()).isFalse();

        view.apply(response(action("a0", "", Phase.PHASE_FAILED, 1, 0, 5)));

        assertThat(view.finished()).isTrue();
        assertThat(view.root().orElseThrow().getStatus().getPhase()).isEqualTo(Phase.PHASE_FAILED);
        assertThat(view.progress()).isEqualTo("2/2 actions done, 0 running, 2 failed");
    }

    @Test
    void shouldAlignPlainLinesAndCountAbortsWhenAppending() {
        WatchView view = new WatchView();
        Action root = action("a0", "", Phase.PHASE_ABORTED, 1, 0, 2);
        Action child = action("a0-child", "a0", Phase.PHASE_ABORTED, 1, 0, 2);
        view.apply(response(root, child));

        assertThat(view.line(root, false, T0)).isEqualTo("a0        ABORTED       attempts 1  2.0s");
        assertThat(view.line(child, false, T0)).isEqualTo("a0-child  ABORTED       attempts 1  2.0s");
        assertThat(view.progress()).isEqualTo("2/2 actions done, 0 running, 2 aborted");
    }

    @Test
    void shouldForgetEverythingWhenReset() {
        WatchView view = new WatchView();
        view.apply(response(action("a0", "", Phase.PHASE_SUCCEEDED, 1, 0, 1)));

        view.reset();

        assertThat(view.root()).isEmpty();
        assertThat(view.finished()).isFalse();
        assertThat(view.progress()).isEqualTo("0/0 actions done, 0 running");
    }

    private static WatchActionsResponse response(Action... actions) {
        WatchActionsResponse.Builder r = WatchActionsResponse.newBuilder();
        for (Action a : actions) {
            r.addEnrichedActions(EnrichedAction.newBuilder().setAction(a).setMeetsFilter(true));
        }
        return r.build();
    }

    /** An action started and ended at T0 + the given seconds (-1: not). */
    private static Action action(String name, String parent, Phase phase, int attempts, int started, int ended) {
        ActionStatus.Builder status = ActionStatus.newBuilder().setPhase(phase).setAttempts(attempts);
        if (started >= 0) {
            status.setStartTime(Timestamps.fromMillis(T0.plusSeconds(started).toEpochMilli()));
        }
        if (ended >= 0) {
            status.setEndTime(Timestamps.fromMillis(T0.plusSeconds(ended).toEpochMilli()));
        }
        RunIdentifier run = RunIdentifier.newBuilder().setProject("p").setDomain("d").setName("r").build();
        return Action.newBuilder()
                .setId(ActionIdentifier.newBuilder().setRun(run).setName(name))
                .setMetadata(ActionMetadata.newBuilder().setParent(parent)
                        .setTask(TaskActionMetadata.newBuilder().setShortName("sh")))
                .setStatus(status)
                .build();
    }
}

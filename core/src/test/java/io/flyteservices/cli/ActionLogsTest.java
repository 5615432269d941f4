package io.flyteservices.cli;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.core.TaskLog;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ActionStatus;
import flyteidl2.workflow.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionLogsTest {

    @Test
    void shouldReadFileLogsAndReportThoseNotOnThisMachine(@TempDir Path dir) throws Exception {
        Path stdout = Files.writeString(dir.resolve("stdout.log"), "hello\n");

        ActionLogs.Log present = ActionLogs.read(log("stdout", stdout.toUri().toString()));
        ActionLogs.Log absent = ActionLogs.read(log("stderr", dir.resolve("gone.log").toUri().toString()));

        assertThat(present.content()).isEqualTo("hello\n");
        assertThat(present.missing()).isFalse();
        assertThat(absent.content()).isNull();
        assertThat(absent.missing()).isTrue();
        assertThat(absent.note()).contains("gone.log is not on this machine");
    }

    @Test
    void shouldExplainWhereOtherLogsAreWhenNotLocalFiles() {
        ActionLogs.Log pod = ActionLogs.read(log("pod", "k8s://flyte/pods/r1-a0-1-abc/log"));
        ActionLogs.Log web = ActionLogs.read(log("web", "https://logs.example.com/x"));

        assertThat(pod.note()).isEqualTo("a pod's log: kubectl logs -n flyte r1-a0-1-abc");
        assertThat(pod.missing()).isFalse();
        assertThat(web.note()).isEqualTo("not a local file; open https://logs.example.com/x");
    }

    @Test
    void shouldChooseTheLatestAttemptUnlessOneIsAskedFor() {
        ActionDetails details = details(Phase.PHASE_SUCCEEDED, 1, 3, 2);

        assertThat(ActionLogs.choose(details, null).getAttempt()).isEqualTo(3);
        assertThat(ActionLogs.choose(details, 2).getAttempt()).isEqualTo(2);
        assertThatThrownBy(() -> ActionLogs.choose(details, 7))
                .isInstanceOf(CommandFailure.class).hasMessage("p/d/r/a0 has no attempt 7; its attempts: 1, 3, 2");
    }

    @Test
    void shouldFailAsNoInputWhenTheActionHasNoAttemptsYet() {
        assertThatThrownBy(() -> ActionLogs.choose(details(Phase.PHASE_QUEUED), null))
                .isInstanceOf(CommandFailure.class).hasMessage("p/d/r/a0 has no attempts yet (it is QUEUED)")
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(ExitCodes.NO_INPUT));
    }

    private static TaskLog log(String name, String uri) {
        return TaskLog.newBuilder().setName(name).setUri(uri).build();
    }

    private static ActionDetails details(Phase phase, int... attempts) {
        ActionDetails.Builder d = ActionDetails.newBuilder()
                .setId(ActionIdentifier.newBuilder().setName("a0")
                        .setRun(RunIdentifier.newBuilder().setProject("p").setDomain("d").setName("r")))
                .setStatus(ActionStatus.newBuilder().setPhase(phase));
        for (int n : attempts) {
            d.addAttempts(ActionAttempt.newBuilder().setAttempt(n).setPhase(phase));
        }
        return d.build();
    }
}

package io.flyteservices.executor.it;

import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.PhaseTransition;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.noop.NoopBackend;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code executor.backend: noop}: actions go through every phase and succeed without anything being run. */
class NoopExecutionIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static Path work;
    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("flyte-executor-noop");
        server = TestServer.start(Map.of(
                "executor.backend", "noop",
                "executor.work-dir", work.toString(),
                "executor.poll-interval", "200ms"));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldSucceedEveryActionThroughItsPhasesWithoutRunningItsCommandWhenBackendIsNoop() throws Exception {
        assertThat(server.context().getBean(Backend.class)).isInstanceOf(NoopBackend.class);
        Path marker = work.resolve("ran");
        List<CreateRunRequest> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            CreateRunRequest run = Tasks.run(Tasks.shell("touch " + marker), Map.of());
            runs.createRun(run);
            created.add(run);
        }

        for (CreateRunRequest run : created) {
            ActionDetails done = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_SUCCEEDED, WITHIN);
            assertThat(done.getAttemptsList()).hasSize(1);
            ActionAttempt attempt = done.getAttempts(0);
            assertThat(attempt.getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
            assertThat(attempt.getPhaseTransitionsList()).extracting(PhaseTransition::getPhase)
                    .containsExactly(Phase.PHASE_INITIALIZING, Phase.PHASE_RUNNING, Phase.PHASE_SUCCEEDED);
            assertThat(attempt.getOutputs().getOutputUri()).endsWith("/" + run.getRunId().getName() + "/a0/1/");
        }
        assertThat(marker).doesNotExist();
    }
}

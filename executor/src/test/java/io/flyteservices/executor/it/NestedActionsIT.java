package io.flyteservices.executor.it;

import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nested-actions example of {@code examples/}, end to end through the real services: the parent task (a shell
 * script using curl and the Connect JSON protocol) enqueues two children under itself, follows them through
 * StateService Watch, and succeeds once both did.
 */
class NestedActionsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(
                "executor.work-dir", Files.createTempDirectory("flyte-nested-work").toString(),
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
    void shouldSucceedAfterBothChildrenSucceededWhenTheExampleParentRuns() throws Exception {
        CreateRunRequest.Builder example = CreateRunRequest.newBuilder();
        JsonFormat.parser().merge(Files.readString(Path.of("../examples/parent.json")), example);
        CreateRunRequest run = example.setRunId(Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName()))
                .build();

        runs.createRun(run);

        ActionDetails parent = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_SUCCEEDED, WITHIN);
        assertThat(parent.getAttemptsList()).hasSize(1);
        for (String child : new String[] {"a0-c1", "a0-c2"}) {
            ActionIdentifier id = Fixtures.actionId(run.getRunId(), child);
            ActionDetails details = Tasks.details(runs, id);
            assertThat(details.getStatus().getPhase()).as(child).isEqualTo(Phase.PHASE_SUCCEEDED);
            assertThat(details.getMetadata().getParent()).isEqualTo("a0");
            // The parent saw the child finish before it did.
            assertThat(details.getStatus().getEndTime().getSeconds())
                    .isLessThanOrEqualTo(parent.getStatus().getEndTime().getSeconds());
        }
        assertThat(runs.listActions(ListActionsRequest.newBuilder().setRunId(run.getRunId()).build())
                .getActionsList()).hasSize(3);
    }
}

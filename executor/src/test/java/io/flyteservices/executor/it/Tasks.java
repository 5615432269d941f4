package io.flyteservices.executor.it;

import com.google.protobuf.Duration;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.core.Container;
import flyteidl2.core.KeyValuePair;
import flyteidl2.core.RetryStrategy;
import flyteidl2.core.TaskMetadata;
import flyteidl2.core.TaskTemplate;
import flyteidl2.task.Envs;
import flyteidl2.task.RunSpec;
import flyteidl2.task.TaskSpec;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;

import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Runs of shell tasks for the executor's end-to-end tests, and reading their actions back. */
public final class Tasks {

    private Tasks() {
    }

    /** A task running {@code sh -c script}, retried {@code retries} times, timing out after {@code timeoutSeconds} (0: never). */
    public static TaskSpec shell(String script, int retries, long timeoutSeconds) {
        TaskMetadata.Builder metadata = TaskMetadata.newBuilder()
                .setRetries(RetryStrategy.newBuilder().setRetries(retries));
        if (timeoutSeconds > 0) {
            metadata.setTimeout(Duration.newBuilder().setSeconds(timeoutSeconds));
        }
        return TaskSpec.newBuilder()
                .setShortName("sh")
                .setTaskTemplate(TaskTemplate.newBuilder()
                        .setType("container")
                        .setMetadata(metadata)
                        .setContainer(Container.newBuilder().setImage("busybox").addCommand("sh").addCommand("-c")
                                .addArgs(script)))
                .build();
    }

    public static TaskSpec shell(String script) {
        return shell(script, 0, 0);
    }

    /** A run of {@code task} in a project of its own, with {@code env} in its RunSpec. */
    public static CreateRunRequest run(TaskSpec task, Map<String, String> env) {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        Envs.Builder envs = Envs.newBuilder();
        env.forEach((k, v) -> envs.addValues(KeyValuePair.newBuilder().setKey(k).setValue(v)));
        return CreateRunRequest.newBuilder().setRunId(id).setTaskSpec(task)
                .setRunSpec(RunSpec.newBuilder().setEnvs(envs)).build();
    }

    static ActionIdentifier root(CreateRunRequest run) {
        return Fixtures.actionId(run.getRunId(), "a0");
    }

    static ActionDetails details(RunServiceGrpc.RunServiceBlockingStub runs, ActionIdentifier action) {
        return runs.getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(action).build()).getDetails();
    }

    /** Waits until the action's phase is {@code phase}; returns its details then. */
    static ActionDetails awaitPhase(RunServiceGrpc.RunServiceBlockingStub runs, ActionIdentifier action, Phase phase,
                                    java.time.Duration within) {
        return await().atMost(within).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> details(runs, action), d -> d.getStatus().getPhase() == phase);
    }
}

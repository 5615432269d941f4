package io.flyteservices.bench.executor;

import flyteidl2.common.RunIdentifier;
import flyteidl2.core.Container;
import flyteidl2.core.TaskTemplate;
import flyteidl2.task.TaskSpec;
import flyteidl2.workflow.CreateRunRequest;

/**
 * The runs the benchmark creates: one root action each, a container task running {@code true}, so the local
 * backend forks one trivial process per action and the noop backend runs nothing.
 */
final class RunFactory {

    static final String PROJECT = "bench";
    static final String DOMAIN = "development";

    private static final TaskSpec TASK = TaskSpec.newBuilder()
            .setShortName("noop")
            .setTaskTemplate(TaskTemplate.newBuilder()
                    .setType("container")
                    .setContainer(Container.newBuilder().setImage("busybox").addCommand("true")))
            .build();

    private final String prefix;

    /** Runs named {@code <prefix>-<n>}: one prefix per round keeps the rounds' runs apart. */
    RunFactory(String prefix) {
        this.prefix = prefix;
    }

    CreateRunRequest run(long n) {
        RunIdentifier id = RunIdentifier.newBuilder().setOrg("").setProject(PROJECT).setDomain(DOMAIN)
                .setName(prefix + "-" + n).build();
        return CreateRunRequest.newBuilder().setRunId(id).setTaskSpec(TASK).build();
    }
}

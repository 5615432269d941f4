package io.flyteservices.bench.write;

import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.EnqueueActionRequest;
import io.flyteservices.testkit.Fixtures;

/**
 * The requests the write benchmark sends: the same small task the tests run (a container task with one string
 * input), so rows have realistic sizes. CreateRun leaves the name to the server, as clients usually do.
 */
public final class WriteRequests {

    public static final String PROJECT = "bench";
    public static final String DOMAIN = "development";

    private WriteRequests() {
    }

    public static CreateRunRequest createRun() {
        return CreateRunRequest.newBuilder()
                .setProjectId(ProjectIdentifier.newBuilder().setOrganization("").setName(PROJECT).setDomain(DOMAIN))
                .setTaskSpec(Fixtures.taskSpec("hello"))
                .setInputs(Fixtures.inputs("name", "world"))
                .build();
    }

    /** A child action {@code name} under the root of {@code run}. */
    public static EnqueueActionRequest enqueue(RunIdentifier run, String name) {
        return Fixtures.enqueue(run, name, null);
    }
}

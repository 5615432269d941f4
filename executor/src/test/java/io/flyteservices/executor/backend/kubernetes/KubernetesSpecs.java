package io.flyteservices.executor.backend.kubernetes;

import flyteidl2.core.Container;
import flyteidl2.core.TaskTemplate;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Attempt specs for the Kubernetes backend's tests; each {@link #fresh} one has a run of its own. */
final class KubernetesSpecs {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private KubernetesSpecs() {
    }

    /** A template running {@code busybox:1.36} with {@code command} and {@code args}. */
    static TaskTemplate template(List<String> command, List<String> args) {
        return TaskTemplate.newBuilder()
                .setContainer(Container.newBuilder()
                        .setImage("busybox:1.36")
                        .addAllCommand(command)
                        .addAllArgs(args))
                .build();
    }

    /** Attempt 1 of action {@code a1} of a new run, running {@code true}. */
    static AttemptSpec fresh() {
        return spec(new ActionKey(new RunKey("org", "proj", "dev", "run" + RUNS.incrementAndGet()), "a1"), 1,
                template(List.of("true"), List.of()), Map.of(), Duration.ZERO);
    }

    static AttemptSpec spec(ActionKey action, int attempt, TaskTemplate template, Map<String, String> env,
                            Duration timeout) {
        var base = "s3://bucket/" + action.run().name() + "/";
        return new AttemptSpec(action, attempt, template, env, base + action.name() + "/inputs.pb",
                AttemptSpec.outputPrefixOf(base + "out", action, attempt), base + "raw/", base, timeout,
                Path.of("/tmp/unused"));
    }
}

package io.flyteservices.executor.backend;

import flyteidl2.core.Container;
import flyteidl2.core.KeyValuePair;
import flyteidl2.core.TaskTemplate;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Attempt specs for the local backend's tests, with every location under one temporary directory. */
public final class Specs {

    public static final ActionKey ACTION = new ActionKey(new RunKey("org", "proj", "dev", "run7"), "a1");

    private Specs() {
    }

    /** A container running {@code sh -c script}. */
    public static TaskTemplate shell(String script, KeyValuePair... env) {
        return template(List.of("sh", "-c"), List.of(script), env);
    }

    public static TaskTemplate template(List<String> command, List<String> args, KeyValuePair... env) {
        return TaskTemplate.newBuilder()
                .setContainer(Container.newBuilder()
                        .setImage("ignored:latest")
                        .addAllCommand(command)
                        .addAllArgs(args)
                        .addAllEnv(List.of(env)))
                .build();
    }

    public static KeyValuePair pair(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }

    public static AttemptSpec spec(Path dir, TaskTemplate template) {
        return spec(dir, template, Map.of(), Duration.ZERO);
    }

    public static AttemptSpec spec(Path dir, TaskTemplate template, Map<String, String> env, Duration timeout) {
        return new AttemptSpec(ACTION, 2, template, env,
                dir.resolve("in/inputs.pb").toString(),
                dir.resolve("out").toString() + "/",
                dir.resolve("raw").toString() + "/",
                dir.resolve("base").toString() + "/",
                timeout,
                dir.resolve("work"));
    }
}

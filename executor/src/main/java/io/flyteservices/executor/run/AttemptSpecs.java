package io.flyteservices.executor.run;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl2.core.KeyValuePair;
import flyteidl2.core.TaskTemplate;
import flyteidl2.task.RunSpec;
import flyteidl2.workflow.ActionSpec;
import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.model.ActionKey;
import io.flyteservices.runs.ActionSpecs;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.RunRow;
import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds what a backend needs for one attempt from the stored action and run: the task template, the run's env
 * vars plus {@code FLYTE_ENDPOINT} (where a task reaches the control plane to enqueue and watch children), the
 * attempt's output prefix {@code <run output base><action>/<attempt>/} with raw data under its {@code raw/}, and a
 * working directory of its own.
 */
@Singleton
public final class AttemptSpecs {

    /** The control plane's address as given to tasks. */
    public static final String ENDPOINT_VARIABLE = "FLYTE_ENDPOINT";

    private final Path workRoot;
    private final String configuredEndpoint;
    private final BeanProvider<EmbeddedServer> server;

    public AttemptSpecs(ExecutorConfig config, BeanProvider<EmbeddedServer> server) {
        this.workRoot = config.workDir() != null ? Path.of(config.workDir())
                : Path.of(System.getProperty("java.io.tmpdir"), "flyte-executor");
        this.configuredEndpoint = config.endpoint();
        this.server = server;
    }

    /** {@code executor.endpoint}, else this process's own HTTP port (all-in-one), known once the server runs. */
    private String endpoint() {
        if (configuredEndpoint != null) {
            return configuredEndpoint;
        }
        return server.find(null).map(s -> "http://localhost:" + s.getPort()).orElse("http://localhost:8090");
    }

    /** The task template an action runs, or null when it is not a task action (a condition waits for a signal). */
    public static TaskTemplate templateOf(ActionRow action) {
        ActionSpec spec = ActionSpecs.parse(action.spec());
        return spec.hasTask() ? spec.getTask().getSpec().getTaskTemplate() : null;
    }

    /** Attempt {@code attempt} of a task action. */
    public AttemptSpec of(ActionRow action, RunRow run, TaskTemplate template, int attempt) {
        ActionSpec spec = ActionSpecs.parse(action.spec());
        RunSpec runSpec = spec.hasRunSpec() ? spec.getRunSpec() : parseRunSpec(run.runSpec());
        Map<String, String> env = new LinkedHashMap<>();
        for (KeyValuePair pair : runSpec.getEnvs().getValuesList()) {
            env.put(pair.getKey(), pair.getValue());
        }
        env.putIfAbsent(ENDPOINT_VARIABLE, endpoint());
        ActionKey key = action.key();
        String outputPrefix = AttemptSpec.outputPrefixOf(action.runOutputBase(), key, attempt);
        return AttemptSpec.of(key, attempt, template, env, action.inputUri(), outputPrefix, outputPrefix + "raw/",
                action.runOutputBase(), workDirOf(key, attempt));
    }

    /** {@code <workDir>/<org>/<project>/<domain>/<run>/<action>/<attempt>}, each name one safe path segment. */
    Path workDirOf(ActionKey key, int attempt) {
        var run = key.run();
        return workRoot.resolve(segment(run.org())).resolve(segment(run.project())).resolve(segment(run.domain()))
                .resolve(segment(run.name())).resolve(segment(key.name())).resolve(Integer.toString(attempt));
    }

    /** A name as one path segment: nothing but {@code [A-Za-z0-9._-]}, never empty, {@code .} or {@code ..}. */
    static String segment(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "_" + safe : safe;
    }

    private static RunSpec parseRunSpec(byte[] bytes) {
        try {
            return RunSpec.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored run spec does not parse", e);
        }
    }
}

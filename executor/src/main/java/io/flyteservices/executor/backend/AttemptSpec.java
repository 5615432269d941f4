package io.flyteservices.executor.backend;

import flyteidl2.core.TaskTemplate;
import io.flyteservices.model.ActionKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a backend needs to run one attempt of an action.
 *
 * @param action       the run and action the attempt belongs to
 * @param attempt      the attempt number, from 1
 * @param template     the task to run (locally only its container's command, args and env are used)
 * @param env          environment variables from the RunSpec
 * @param inputUri     URI of the action's {@code inputs.pb}
 * @param outputPrefix where this attempt writes its outputs: {@code <run output base><action>/<attempt>/}
 * @param rawOutputDataPrefix where the task may write large raw data (files, dataframes)
 * @param runBase      the run's base URI, exported as {@code _U_RUN_BASE}
 * @param timeout      how long the attempt may run; {@link Duration#ZERO} means no limit
 * @param workDir      a directory of its own for this attempt (working directory and logs for a local process)
 */
public record AttemptSpec(
        ActionKey action,
        int attempt,
        TaskTemplate template,
        Map<String, String> env,
        String inputUri,
        String outputPrefix,
        String rawOutputDataPrefix,
        String runBase,
        Duration timeout,
        Path workDir) {

    public AttemptSpec {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(inputUri, "inputUri");
        Objects.requireNonNull(outputPrefix, "outputPrefix");
        Objects.requireNonNull(rawOutputDataPrefix, "rawOutputDataPrefix");
        Objects.requireNonNull(runBase, "runBase");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workDir, "workDir");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        env = Map.copyOf(env);
    }

    /** A spec whose timeout is the template's ({@link #timeoutOf}). */
    public static AttemptSpec of(ActionKey action, int attempt, TaskTemplate template, Map<String, String> env,
            String inputUri, String outputPrefix, String rawOutputDataPrefix, String runBase, Path workDir) {
        return new AttemptSpec(action, attempt, template, env, inputUri, outputPrefix, rawOutputDataPrefix, runBase,
                timeoutOf(template), workDir);
    }

    /** The template's {@code metadata.timeout}; {@link Duration#ZERO} (no limit) when unset, zero or negative. */
    public static Duration timeoutOf(TaskTemplate template) {
        if (!template.hasMetadata() || !template.getMetadata().hasTimeout()) {
            return Duration.ZERO;
        }
        var proto = template.getMetadata().getTimeout();
        var timeout = Duration.ofSeconds(proto.getSeconds(), proto.getNanos());
        return timeout.isNegative() ? Duration.ZERO : timeout;
    }

    /** The output prefix of one attempt: {@code <runOutputBase><action>/<attempt>/}, adding a missing slash. */
    public static String outputPrefixOf(String runOutputBase, ActionKey action, int attempt) {
        var base = runOutputBase.endsWith("/") ? runOutputBase : runOutputBase + "/";
        return base + action.name() + "/" + attempt + "/";
    }

    /** The attempt's identity across every project: {@code <org>/<project>/<domain>/<run>/<action>/<attempt>}. */
    public String attemptId() {
        return attemptIdOf(action, attempt);
    }

    /** {@link #attemptId()} of attempt {@code attempt} of {@code action}. */
    public static String attemptIdOf(ActionKey action, int attempt) {
        var run = action.run();
        return String.join("/", run.org(), run.project(), run.domain(), run.name(), action.name(),
                Integer.toString(attempt));
    }

    /** A key unique to this attempt, {@code <run>-<action>-<attempt>} (the {@code PerRetryUniqueKey}). */
    public String perRetryUniqueKey() {
        return action.run().name() + "-" + action.name() + "-" + attempt;
    }
}

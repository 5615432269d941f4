package io.flyteservices.executor.backend;

import flyteidl2.core.KeyValuePair;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a local attempt gets on top of the executor's own environment. Later sources win:
 * the RunSpec's env vars, then the container's env, then the reserved variables below. <b>(ours)</b> Reserved
 * variables come last so a task cannot misreport its own identity or where its inputs and outputs live.
 */
public final class AttemptEnvironment {

    /** The action's name within its run ({@code a0} for the root action). */
    public static final String ACTION_NAME = "ACTION_NAME";
    /** The run's name. */
    public static final String RUN_NAME = "RUN_NAME";
    /** The run's base URI. */
    public static final String RUN_BASE = "_U_RUN_BASE";
    /** URI of the action's {@code inputs.pb} (the value of {@code {{.Input}}}). */
    public static final String INPUT_URI = "INPUT_URI";
    /** The directory holding {@code inputs.pb} (the value of {@code {{.InputPrefix}}}). */
    public static final String INPUT_PREFIX = "INPUT_PREFIX";
    /** Where this attempt writes its outputs (the value of {@code {{.OutputPrefix}}}). */
    public static final String OUTPUT_PREFIX = "OUTPUT_PREFIX";
    /** Where this attempt may write raw data (the value of {@code {{.RawOutputDataPrefix}}}). */
    public static final String RAW_OUTPUT_DATA_PREFIX = "RAW_OUTPUT_DATA_PREFIX";
    /**
     * The attempt's identity, {@link AttemptSpec#attemptId}: marks its processes so the work of a lost executor can
     * be found and stopped.
     */
    public static final String ATTEMPT_ID = "FLYTE_ATTEMPT_ID";

    private AttemptEnvironment() {
    }

    /** The variables to add to the executor's environment for this attempt, in precedence order. */
    public static Map<String, String> of(AttemptSpec spec) {
        var env = new LinkedHashMap<String, String>(spec.env());
        for (KeyValuePair pair : spec.template().getContainer().getEnvList()) {
            env.put(pair.getKey(), pair.getValue());
        }
        env.put(ACTION_NAME, spec.action().name());
        env.put(RUN_NAME, spec.action().run().name());
        env.put(RUN_BASE, spec.runBase());
        env.put(INPUT_URI, spec.inputUri());
        env.put(INPUT_PREFIX, Placeholders.directoryOf(spec.inputUri()));
        env.put(OUTPUT_PREFIX, spec.outputPrefix());
        env.put(RAW_OUTPUT_DATA_PREFIX, spec.rawOutputDataPrefix());
        env.put(ATTEMPT_ID, spec.attemptId());
        return env;
    }
}

package io.flyteservices.cli;

import flyteidl2.common.ActionIdentifier;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code RUN [ACTION]}: the commands about one action; the run's root action when no ACTION is given. */
final class ActionArguments extends RunArgument {

    @Parameters(index = "1", paramLabel = "ACTION", arity = "0..1", defaultValue = "a0",
            description = "the action's name (default: a0, the run's root action)")
    String action;

    ActionIdentifier actionId(Map<String, String> env) {
        return ActionIdentifier.newBuilder().setRun(runId(env)).setName(action).build();
    }
}

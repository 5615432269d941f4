package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** The {@code RUN} argument of the commands about one run, with the scope options it is resolved in. */
class RunArgument extends ScopeOptions {

    @Parameters(index = "0", paramLabel = "RUN", description = "NAME, or PROJECT/DOMAIN/NAME")
    String run;

    RunIdentifier runId(Map<String, String> env) {
        return run(run, env);
    }
}

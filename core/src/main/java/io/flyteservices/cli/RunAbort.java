package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.AbortRunResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code run abort RUN}: AbortRun. */
@Command(name = "abort", footer = ExitCodes.FOOTER,
        description = "Abort a run: its active actions end ABORTED and their processes are "
        + "stopped. Aborting a finished run changes nothing.")
final class RunAbort implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    RunArgument target;

    @Option(names = {"-r", "--reason"}, paramLabel = "REASON", description = "why, kept with the run")
    String reason;

    @Mixin
    ClientOptions client;

    RunAbort(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        RunIdentifier id = target.runId(terminal.env());
        AbortRunRequest.Builder request = AbortRunRequest.newBuilder().setRunId(id);
        if (reason != null) {
            request.setReason(reason);
        }
        try (Server.Connection connection = client.connect(terminal.env())) {
            AbortRunResponse response = connection.runs().abortRun(request.build());
            terminal.out().println(client.json() ? JsonOutput.pretty(response) : "aborted run " + Scope.show(id));
        }
        return ExitCodes.OK;
    }
}

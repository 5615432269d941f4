package io.flyteservices.cli;

import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.GetRunDetailsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code run get RUN}: GetRunDetails. */
@Command(name = "get", footer = ExitCodes.FOOTER,
        description = "Show a run: phase, task, timing, error, and its root action's attempts, "
                + "logs, phase transitions and cluster events.")
final class RunGet implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    RunArgument target;

    @Mixin
    ClientOptions client;

    RunGet(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        GetRunDetailsRequest request = GetRunDetailsRequest.newBuilder()
                .setRunId(target.runId(terminal.env())).build();
        try (Server.Connection connection = client.connect(terminal.env())) {
            GetRunDetailsResponse response = connection.runs().getRunDetails(request);
            terminal.out().print(client.json() ? JsonOutput.pretty(response) + "\n"
                    : new DetailsView(terminal.ansi(), terminal.clock().instant()).run(response.getDetails()));
        }
        return ExitCodes.OK;
    }
}

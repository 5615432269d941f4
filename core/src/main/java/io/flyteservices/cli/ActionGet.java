package io.flyteservices.cli;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetActionDetailsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code action get RUN [ACTION]}: GetActionDetails. */
@Command(name = "get", footer = ExitCodes.FOOTER,
        description = "Show an action: phase, task, timing, error, and its attempts with their "
        + "errors, log URIs, phase transitions and cluster events.")
final class ActionGet implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    ActionArguments target;

    @Mixin
    ClientOptions client;

    ActionGet(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        ActionIdentifier id = target.actionId(terminal.env());
        try (Server.Connection connection = client.connect(terminal.env())) {
            GetActionDetailsResponse response = connection.runs()
                    .getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(id).build());
            terminal.out().print(client.json() ? JsonOutput.pretty(response) + "\n"
                    : new DetailsView(terminal.ansi(), terminal.clock().instant()).action(response.getDetails()));
        }
        return ExitCodes.OK;
    }
}

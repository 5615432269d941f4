package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code run watch RUN}: WatchActions until the run is over; exits with the run's outcome. */
@Command(name = "watch", footer = ExitCodes.FOOTER,
        description = {"Follow a run's actions live until the run ends: a table redrawn in place "
        + "on a terminal, a line per change otherwise, a JSON object per message with --output json.",
        "Exits 0 when the run SUCCEEDED, 1 FAILED, 2 ABORTED, 3 TIMED_OUT."})
final class RunWatch implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    RunArgument target;

    @Mixin
    ClientOptions client;

    RunWatch(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        RunIdentifier id = target.runId(terminal.env());
        try (Server.Connection connection = client.connect(terminal.env())) {
            return new RunWatcher(terminal, connection, id, client.json()).watch();
        }
    }
}

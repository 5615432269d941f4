package io.flyteservices.cli;

import picocli.CommandLine.Command;

/** {@code action}: one action of a run, and its logs. */
@Command(name = "action", footer = ExitCodes.FOOTER,
        description = "Show an action of a run and print its logs.",
        subcommands = {ActionGet.class, ActionLogs.class})
final class ActionCommand extends GroupCommand {
}

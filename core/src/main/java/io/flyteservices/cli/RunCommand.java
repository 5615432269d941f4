package io.flyteservices.cli;

import picocli.CommandLine.Command;

/** {@code run}: create, read, list, watch and abort runs. */
@Command(name = "run", footer = ExitCodes.FOOTER,
        description = "Create, show, list, watch and abort runs.",
        subcommands = {RunCreate.class, RunGet.class, RunList.class, RunWatch.class, RunAbort.class})
final class RunCommand extends GroupCommand {
}

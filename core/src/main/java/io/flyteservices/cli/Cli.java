package io.flyteservices.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Set;

/**
 * {@code flyte-services run|action ...}: the root of the command-line client. {@link #execute} runs one command
 * line and returns its exit code ({@link ExitCodes}); it never exits the JVM, so tests call it in process.
 */
@Command(name = "flyte-services",
        description = "Command-line client of the flyte-services control plane (RunService over gRPC).",
        subcommands = {RunCommand.class, ActionCommand.class},
        footer = ExitCodes.FOOTER)
public final class Cli extends GroupCommand {

    /** The first arguments that select the CLI rather than a server mode. */
    public static final Set<String> COMMANDS = Set.of("run", "action");

    /** Runs one command line and exits with its code. */
    public static void main(String[] args) {
        // Errors reach the user as messages and exit codes; starting logback (netty logs through SLF4J) would only
        // cost start-up time and could print into the output.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.exit(execute(args, Terminal.system()));
    }

    /** Runs one command line ({@code run ...} or {@code action ...}) and returns the exit code. */
    public static int execute(String[] args, Terminal terminal) {
        CommandLine cli = commandLine(terminal);
        try {
            return cli.execute(args);
        } finally {
            terminal.out().flush();
            terminal.err().flush();
        }
    }

    /** The command tree wired to {@code terminal}: its streams, colours, error handling and exit codes. */
    static CommandLine commandLine(Terminal terminal) {
        return new CommandLine(Cli.class, new TerminalFactory(terminal))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(terminal.out())
                .setErr(terminal.err())
                .setColorScheme(Help.defaultColorScheme(terminal.ansi() ? Help.Ansi.ON : Help.Ansi.OFF))
                .setParameterExceptionHandler(Cli::usageError)
                .setExecutionExceptionHandler((e, command, parseResult) -> failure(e, command, terminal.err()));
    }

    /** Bad usage: the message, the command's usage, exit 64. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println();
            command.usage(err, command.getColorScheme());
        }
        return ExitCodes.USAGE;
    }

    /** A failed command: {@code error: CODE: message} for gRPC errors, {@code error: message} for the rest. */
    private static int failure(Exception e, CommandLine command, PrintWriter err) {
        return switch (e) {
            case StatusRuntimeException s -> {
                Status status = s.getStatus();
                err.println("error: " + status.getCode() + ": " + describe(status));
                if (status.getCode() == Status.Code.UNAVAILABLE
                        && command.getMixins().get("client") instanceof ClientOptions client
                        && client.resolved() != null) {
                    err.println("(server " + client.resolved() + "; choose another with --server or FLYTE_SERVER)");
                }
                yield ExitCodes.forStatus(status.getCode());
            }
            case CommandFailure f -> {
                err.println("error: " + f.getMessage());
                yield f.exitCode();
            }
            case InterruptedException i -> {
                Thread.currentThread().interrupt();
                err.println("error: interrupted");
                yield ExitCodes.SOFTWARE;
            }
            default -> {
                err.println("error: internal error in the CLI: " + e);
                e.printStackTrace(err);
                yield ExitCodes.SOFTWARE;
            }
        };
    }

    private static String describe(Status status) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        Throwable cause = status.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null && !description.contains(cause.getMessage())) {
            description = description.isEmpty() ? cause.getMessage() : description + ": " + cause.getMessage();
        }
        return description;
    }

    /** Gives commands that take a {@link Terminal} theirs; everything else as picocli would. */
    private record TerminalFactory(Terminal terminal) implements IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Terminal.class) {
                    c.setAccessible(true);
                    return type.cast(c.newInstance(terminal));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}

package io.flyteservices.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.core.TaskLog;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.GetActionDetailsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code action logs RUN [ACTION]}: the logs of one attempt (the latest unless {@code --attempt}). A {@code file://}
 * log (the local backend's stdout and stderr) is printed; any other (a pod's {@code k8s://} log) is named with a
 * note on how to read it. A log file that is not on this machine is reported and the exit code is 66.
 */
@Command(name = "logs", footer = ExitCodes.FOOTER,
        description = {"Print an attempt's logs (default: the latest attempt, every log). "
        + "Local task logs (file://) are printed; other log URIs are shown with a note.",
        "With more than one log, each starts with a line '==> NAME <=='."})
final class ActionLogs implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    ActionArguments target;

    @Option(names = {"-a", "--attempt"}, paramLabel = "N", description = "the attempt (default: the latest)")
    Integer attempt;

    @Option(names = "--log", paramLabel = "NAME", description = "only this log, e.g. stdout or stderr")
    String log;

    @Mixin
    ClientOptions client;

    ActionLogs(Terminal terminal) {
        this.terminal = terminal;
    }

    /** One log: its content when read, else a note saying why not. */
    record Log(TaskLog info, String content, String note, boolean missing) {
    }

    @Override
    public Integer call() {
        ActionIdentifier id = target.actionId(terminal.env());
        ActionDetails details;
        try (Server.Connection connection = client.connect(terminal.env())) {
            details = connection.runs().getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(id).build())
                    .getDetails();
        }
        ActionAttempt chosen = choose(details, attempt);
        List<TaskLog> infos = chosen.getLogInfoList();
        if (log != null) {
            infos = infos.stream().filter(l -> l.getName().equals(log)).toList();
            if (infos.isEmpty()) {
                throw new CommandFailure(ExitCodes.NO_INPUT, "attempt " + chosen.getAttempt() + " of "
                        + Scope.show(id) + " has no log '" + log + "'; it has " + names(chosen));
            }
        }
        if (infos.isEmpty()) {
            throw new CommandFailure(ExitCodes.NO_INPUT, "attempt " + chosen.getAttempt() + " of " + Scope.show(id)
                    + " has no logs (yet)");
        }
        List<Log> logs = infos.stream().map(ActionLogs::read).toList();
        if (client.json()) {
            terminal.out().println(json(id, chosen.getAttempt(), logs));
        } else {
            print(logs);
        }
        List<Log> missing = logs.stream().filter(Log::missing).toList();
        if (!missing.isEmpty()) {
            missing.forEach(l -> terminal.err().println("error: " + l.info().getName() + ": " + l.note()));
            return ExitCodes.NO_INPUT;
        }
        return ExitCodes.OK;
    }

    /** Attempt {@code n}, or the latest; an action without it is a failure (exit 66). */
    static ActionAttempt choose(ActionDetails details, Integer n) {
        String action = Scope.show(details.getId());
        if (details.getAttemptsCount() == 0) {
            throw new CommandFailure(ExitCodes.NO_INPUT, action + " has no attempts yet (it is "
                    + Phases.shortName(details.getStatus().getPhase()) + ")");
        }
        if (n == null) {
            return details.getAttemptsList().stream().max((a, b) -> Integer.compare(a.getAttempt(), b.getAttempt()))
                    .orElseThrow();
        }
        return details.getAttemptsList().stream().filter(a -> a.getAttempt() == n).findFirst()
                .orElseThrow(() -> new CommandFailure(ExitCodes.NO_INPUT, action + " has no attempt " + n
                        + "; its attempts: " + details.getAttemptsList().stream()
                        .map(a -> String.valueOf(a.getAttempt())).collect(Collectors.joining(", "))));
    }

    /** A {@code file://} log's content; for anything else a note on where the log is. */
    static Log read(TaskLog info) {
        URI uri;
        try {
            uri = URI.create(info.getUri());
        } catch (IllegalArgumentException e) {
            return new Log(info, null, "not a URI: " + info.getUri(), false);
        }
        if ("file".equals(uri.getScheme())) {
            Path path = Path.of(uri);
            try {
                return new Log(info, Files.readString(path, StandardCharsets.UTF_8), null, false);
            } catch (NoSuchFileException e) {
                return new Log(info, null, path + " is not on this machine (the executor's working directory?)",
                        true);
            } catch (IOException e) {
                return new Log(info, null, "cannot read " + path + ": " + e.getMessage(), true);
            }
        }
        if ("k8s".equals(uri.getScheme())) {
            // k8s://<namespace>/pods/<pod>/log, written by the Kubernetes backend.
            String[] path = uri.getPath().split("/");
            if (path.length >= 3 && path[1].equals("pods")) {
                return new Log(info, null, "a pod's log: kubectl logs -n " + uri.getHost() + " " + path[2], false);
            }
        }
        return new Log(info, null, "not a local file; open " + info.getUri(), false);
    }

    private void print(List<Log> logs) {
        boolean headers = logs.size() > 1;
        for (Log l : logs) {
            if (headers) {
                terminal.out().println("==> " + l.info().getName() + " <==");
            }
            if (l.content() != null) {
                terminal.out().print(l.content());
                if (headers && !l.content().isEmpty() && !l.content().endsWith("\n")) {
                    terminal.out().println();
                }
            } else if (!l.missing()) {
                terminal.out().println(l.info().getUri() + "  (" + l.note() + ")");
            }
        }
    }

    private static String json(ActionIdentifier id, int attempt, List<Log> logs) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeStringField("action", Scope.show(id));
            json.writeNumberField("attempt", attempt);
            json.writeArrayFieldStart("logs");
            for (Log l : logs) {
                json.writeStartObject();
                json.writeStringField("name", l.info().getName());
                json.writeStringField("uri", l.info().getUri());
                if (l.content() != null) {
                    json.writeStringField("content", l.content());
                } else {
                    json.writeStringField("note", l.note());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String names(ActionAttempt attempt) {
        List<String> names = new ArrayList<>();
        attempt.getLogInfoList().forEach(l -> names.add(l.getName()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

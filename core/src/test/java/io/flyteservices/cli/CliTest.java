package io.flyteservices.cli;

import flyteidl2.common.Filter;
import flyteidl2.workflow.ListRunsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument parsing, usage and the failures found before any call: no server needed. */
class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintUsageAndExitZeroWhenHelpIsAsked() {
        int code = run(Map.of(), "run", "get", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: flyte-services run get", "RUN", "--project", "--server",
                "--output", "Exit codes:");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldExitWithUsageCodeWhenCommandIsMissingOrUnknown() {
        assertThat(run(Map.of(), "run")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("error: missing command: one of create, get, list, watch, abort")
                .contains("Usage: flyte-services run");

        assertThat(run(Map.of(), "run", "sit")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unmatched argument at index 1: 'sit'");
    }

    @Test
    void shouldExitWithUsageCodeWhenArgumentsAreMissingOrBad() {
        assertThat(run(Map.of(), "run", "get", "--project", "p")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing required parameter: 'RUN'");

        assertThat(run(Map.of(), "run", "get", "r1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("error: no project: give --project or set FLYTE_PROJECT");

        assertThat(run(Map.of(), "run", "get", "r1", "-p", "p", "--output", "xml")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--output").contains("xml");

        assertThat(run(Map.of(), "run", "list", "-p", "p", "--phase", "done")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--phase: unknown phase 'done'");

        assertThat(run(Map.of(), "run", "get", "r1", "-p", "p", "--server", "http://x")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("without a scheme");

        assertThat(run(Map.of(), "run", "create")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--spec=FILE'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldFailBeforeCallingWhenSpecIsMissingOrNotJson(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"taskSpec\": ");

        assertThat(run(Map.of(), "run", "create", "--spec", dir.resolve("none.json").toString(), "-p", "p"))
                .isEqualTo(ExitCodes.NO_INPUT);
        assertThat(err.toString()).startsWith("error: cannot read spec ").contains("none.json: no such file");

        assertThat(run(Map.of(), "run", "create", "--spec", bad.toString(), "-p", "p")).isEqualTo(ExitCodes.DATA);
        assertThat(err.toString()).contains("is not a JSON object");
    }

    @Test
    void shouldBuildAPhaseFilterFromEveryWayOfWritingPhasesWhenListing() {
        CommandLine cli = Cli.commandLine(terminal(Map.of("FLYTE_PROJECT", "p")));
        ParseResult parsed = cli.parseArgs("run", "list", "--phase", "running,PHASE_QUEUED", "--phase", "5",
                "--limit", "7", "-o", "JSON");
        RunList list = (RunList) parsed.subcommand().subcommand().commandSpec().userObject();

        ListRunsRequest request = list.request(list.scope.scope(Map.of("FLYTE_PROJECT", "p")));

        assertThat(request.getProjectId().getName()).isEqualTo("p");
        assertThat(request.getProjectId().getDomain()).isEqualTo("development");
        assertThat(request.getRequest().getLimit()).isEqualTo(7);
        assertThat(request.getRequest().getFiltersList()).singleElement().satisfies(f -> {
            assertThat(f.getField()).isEqualTo("phase");
            assertThat(f.getFunction()).isEqualTo(Filter.Function.VALUE_IN);
            assertThat(f.getValuesList()).containsExactly("PHASE_RUNNING", "PHASE_QUEUED", "PHASE_SUCCEEDED");
        });
        assertThat(list.client.json()).isTrue();
    }

    private int run(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.execute(args, terminal(env));
    }

    private Terminal terminal(Map<String, String> env) {
        return new Terminal(new PrintWriter(out), new PrintWriter(err), InputStream.nullInputStream(), env, false,
                Clock.systemUTC());
    }
}

package io.flyteservices.executor.it;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.GetActionDetailsResponse;
import flyteidl2.workflow.GetRunDetailsResponse;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchActionsResponse;
import io.flyteservices.cli.Cli;
import io.flyteservices.cli.ExitCodes;
import io.flyteservices.cli.Terminal;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command-line client, run in process against the real services and executor on a real PostgreSQL: what a
 * user types, what they see on stdout and stderr, and the exit codes.
 */
class CliIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final Path EXAMPLES = examples();

    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Map.of(
                "executor.work-dir", Files.createTempDirectory("flyte-cli-work").toString(),
                "executor.poll-interval", "200ms"));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldCreateTheExampleRunWatchItSucceedAndShowItWhenNameIsGiven() {
        String project = Fixtures.uniqueProject();
        String name = Fixtures.uniqueRunName();

        Result created = cli("run", "create", "--spec", EXAMPLES.resolve("hello.json").toString(), "--project",
                project, "--name", name);
        Result watched = watch("run", "watch", name, "--project", project);
        Result got = cli("run", "get", project + "/development/" + name);

        assertThat(created.code()).isZero();
        assertThat(created.out()).isEqualTo(project + "/development/" + name + "\n");
        assertThat(created.err()).isEmpty();
        assertThat(watched.code()).isEqualTo(ExitCodes.OK);
        assertThat(watched.out()).contains("a0  SUCCEEDED", "1/1 action done, 0 running")
                .containsPattern("run " + project + "/development/" + name + " SUCCEEDED after \\S+\n$");
        assertThat(got.code()).isZero();
        assertThat(got.out()).startsWith("Run       " + project + "/development/" + name + "\n")
                .contains("Phase     SUCCEEDED\n", "Task      hello (container)\n", "Attempts  1\n")
                .containsPattern("ATTEMPT +PHASE +STARTED +DURATION +ERROR\n1 +SUCCEEDED ")
                .containsPattern("1 +stdout +file:/\\S+/stdout.log\n")
                .containsPattern("1 +RUNNING ");
    }

    @Test
    void shouldPrintTheAttemptsOutputWhenAskedForItsLogs() {
        RunIdentifier run = createHello();
        assertThat(watch("run", "watch", show(run)).code()).isZero();

        Result stdout = cli("action", "logs", show(run), "a0", "--log", "stdout");
        Result all = cli("action", "logs", show(run), "--attempt", "1");
        Result details = cli("action", "get", show(run), "a0");

        assertThat(stdout.code()).isZero();
        assertThat(stdout.out()).startsWith("hello from " + run.getName() + "/a0, attempt 1\nmy outputs go to file:")
                .endsWith("/a0/1/\n");
        assertThat(all.out()).startsWith("==> stdout <==\nhello from ").contains("\n==> stderr <==\n");
        assertThat(details.code()).isZero();
        assertThat(details.out()).startsWith("Action    " + show(run) + "/a0\n")
                .contains("Phase     SUCCEEDED\n")
                .containsPattern("1 +stderr +file:/\\S+/stderr.log\n");
    }

    @Test
    void shouldListOnlyRunsInTheAskedPhasesWhenFilteredByPhase() {
        String project = Fixtures.uniqueProject();
        RunIdentifier done = create(project, "hello.json");
        RunIdentifier sleeping = create(project, "long.json");
        assertThat(watch("run", "watch", show(done)).code()).isZero();
        awaitRunning(sleeping);

        Result succeeded = cli("run", "list", "--project", project, "--phase", "succeeded");
        Result active = cli("run", "list", "--project", project, "--phase", "QUEUED,PHASE_RUNNING", "--limit", "5");
        Result everything = cli("run", "list", "--project", project);
        cli("run", "abort", show(sleeping));

        assertThat(succeeded.code()).isZero();
        assertThat(succeeded.out()).startsWith("NAME").contains(done.getName()).doesNotContain(sleeping.getName());
        assertThat(active.out()).containsPattern(sleeping.getName() + " +RUNNING +sleeper +1 ")
                .doesNotContain(done.getName());
        // Newest first.
        assertThat(everything.out().indexOf(sleeping.getName())).isLessThan(everything.out().indexOf(done.getName()));
    }

    @Test
    void shouldExitOneWithTheErrorWhenATaskSpecFromStandardInputFails() {
        String project = Fixtures.uniqueProject();
        String spec = """
                {"shortName": "boom", "taskTemplate": {"type": "container", "container": {"image": "busybox",
                  "command": ["sh", "-c", "echo boom >&2; exit 3"]}}}""";

        Result created = cli(spec, Map.of("FLYTE_PROJECT", project), "run", "create", "--spec", "-");
        String run = created.out().strip();
        Result watched = watch("run", "watch", run);
        Result got = cli("run", "get", run);

        assertThat(created.code()).isZero();
        assertThat(run).startsWith(project + "/development/r");
        assertThat(watched.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(watched.out()).contains("a0  FAILED").contains("1/1 action done, 0 running, 1 failed")
                .contains(" FAILED after ");
        assertThat(got.out()).contains("Error     user error: exit code 3: boom\n");
    }

    @Test
    void shouldEndTheWatchWithExitTwoWhenTheRunIsAborted() throws Exception {
        RunIdentifier run = create(Fixtures.uniqueProject(), "long.json");
        StringWriter watchOut = new StringWriter();
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> Cli.execute(
                new String[]{"run", "watch", show(run), "--server", address()},
                new Terminal(new PrintWriter(watchOut), new PrintWriter(new StringWriter()),
                        InputStream.nullInputStream(), Map.of(), false, Clock.systemUTC())));
        // The watcher flushes every message: once it shows the task running, the abort is something it sees live.
        await().atMost(WITHIN).until(() -> watchOut.toString().contains("a0  RUNNING"));

        Result aborted = cli("run", "abort", show(run), "--reason", "enough");
        int watched = watching.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        Result details = cli("action", "get", show(run));

        assertThat(aborted.code()).isZero();
        assertThat(aborted.out()).isEqualTo("aborted run " + show(run) + "\n");
        assertThat(watched).isEqualTo(ExitCodes.ABORTED);
        assertThat(watchOut.toString()).contains("a0  ABORTED", "1/1 action done, 0 running, 1 aborted",
                "run " + show(run) + " ABORTED after ");
        assertThat(details.out()).contains("Phase     ABORTED\n", "Aborted   enough\n");
    }

    @Test
    void shouldPrintParseableProtobufJsonWhenOutputIsJson() throws Exception {
        String project = Fixtures.uniqueProject();
        String name = Fixtures.uniqueRunName();

        Result created = cli("run", "create", "-f", EXAMPLES.resolve("hello.json").toString(), "-p", project, "-n",
                name, "-o", "json");
        Result watched = watch("run", "watch", name, "-p", project, "--output", "json");
        Result got = cli("run", "get", name, "-p", project, "-o", "json");
        Result listed = cli("run", "list", "-p", project, "-o", "json");
        Result action = cli("action", "get", name, "a0", "-p", project, "-o", "json");

        assertThat(parse(created.out(), CreateRunResponse.newBuilder()).getRun().getAction().getId().getRun()
                .getName()).isEqualTo(name);
        List<WatchActionsResponse> messages = new ArrayList<>();
        for (String line : watched.out().split("\n")) {
            messages.add(parse(line, WatchActionsResponse.newBuilder()).build());
        }
        assertThat(watched.code()).isZero();
        assertThat(messages.getLast().getEnrichedActions(0).getAction().getStatus().getPhase())
                .isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(parse(got.out(), GetRunDetailsResponse.newBuilder()).getDetails().getAction().getStatus()
                .getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(parse(listed.out(), ListRunsResponse.newBuilder()).getRunsList()).singleElement()
                .satisfies(r -> assertThat(r.getAction().getId().getRun().getName()).isEqualTo(name));
        assertThat(parse(action.out(), GetActionDetailsResponse.newBuilder()).getDetails().getAttempts(0)
                .getLogInfoList()).hasSize(2);
    }

    @Test
    void shouldExitWithTheInputCodesAndChangeNothingWhenSpecIsMissingOrInvalid() throws Exception {
        String project = Fixtures.uniqueProject();
        Path invalid = Files.createTempFile("spec", ".json");
        Files.writeString(invalid, "{\"runId\": {\"project\": \"x\"},");

        Result missing = cli("run", "create", "--spec", "no/such/spec.json", "--project", project);
        Result broken = cli("run", "create", "--spec", invalid.toString(), "--project", project);
        Result listed = cli("run", "list", "--project", project);

        assertThat(missing.code()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(missing.err()).isEqualTo("error: cannot read spec no/such/spec.json: no such file\n");
        assertThat(broken.code()).isEqualTo(ExitCodes.DATA);
        assertThat(broken.err()).startsWith("error: spec " + invalid + " is not a JSON object");
        assertThat(missing.out() + broken.out()).isEmpty();
        assertThat(listed.out()).isEqualTo("NAME  PHASE  TASK  ATTEMPTS  STARTED  DURATION\n");
    }

    @Test
    void shouldPrintTheServersErrorAndExitWithItsCodeWhenRunIsUnknownOrExists() {
        String project = Fixtures.uniqueProject();
        RunIdentifier run = create(project, "hello.json");

        Result unknown = cli("run", "get", "nope", "--project", project);
        Result unknownWatch = cli("run", "watch", "nope", "--project", project);
        Result unknownAction = cli("action", "logs", show(run), "a9");
        Result again = cli("run", "create", "--spec", EXAMPLES.resolve("hello.json").toString(), "--project",
                project, "--name", run.getName());

        assertThat(unknown.code()).isEqualTo(15);
        assertThat(unknown.err()).startsWith("error: NOT_FOUND: run ").contains("nope").endsWith("not found\n");
        assertThat(unknown.out()).isEmpty();
        assertThat(unknownWatch.code()).isEqualTo(15);
        assertThat(unknownWatch.err()).startsWith("error: NOT_FOUND: ");
        assertThat(unknownAction.code()).isEqualTo(15);
        assertThat(unknownAction.err()).startsWith("error: NOT_FOUND: action ");
        assertThat(again.code()).isEqualTo(16);
        assertThat(again.err()).startsWith("error: ALREADY_EXISTS: ").contains(run.getName());
    }

    @Test
    void shouldExitWithUnavailableNamingTheServerWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Result result = cliAt("127.0.0.1:" + port, "run", "get", "r1", "-p", "p");

        assertThat(result.code()).isEqualTo(24);
        assertThat(result.err()).startsWith("error: UNAVAILABLE: ")
                .endsWith("(server 127.0.0.1:" + port + "; choose another with --server or FLYTE_SERVER)\n");
    }

    @Test
    void shouldRedrawTheTableWithColoursWhenTheTerminalIsAnsi() {
        RunIdentifier run = createHello();

        Result watched = run(null, Map.of(), true, "run", "watch", show(run), "--server", address());

        assertThat(watched.code()).isZero();
        assertThat(watched.out()).contains("ACTION  TASK   PHASE", "\u001B[32mSUCCEEDED\u001B[0m",
                "1/1 action done, 0 running");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        return cli(null, Map.of(), args);
    }

    private static Result cli(String stdin, Map<String, String> env, String... args) {
        String[] withServer = new String[args.length + 2];
        System.arraycopy(args, 0, withServer, 0, args.length);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = address();
        return run(stdin, env, false, withServer);
    }

    private static Result cliAt(String address, String... args) {
        String[] withServer = new String[args.length + 2];
        System.arraycopy(args, 0, withServer, 0, args.length);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = address;
        return run(null, Map.of(), false, withServer);
    }

    private static Result run(String stdin, Map<String, String> env, boolean ansi, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = stdin == null ? InputStream.nullInputStream()
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Cli.execute(args, new Terminal(new PrintWriter(out), new PrintWriter(err), in, env, ansi,
                Clock.systemUTC()));
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code run watch} returns when the run ends; a broken watch fails the test instead of hanging it. */
    private static Result watch(String... args) {
        try {
            return CompletableFuture.supplyAsync(() -> cli(args)).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("run watch did not end within " + WITHIN, e);
        }
    }

    private static RunIdentifier createHello() {
        return create(Fixtures.uniqueProject(), "hello.json");
    }

    /** Creates a run of an example under a unique name and returns its id. */
    private static RunIdentifier create(String project, String example) {
        String name = Fixtures.uniqueRunName();
        Result created = cli("run", "create", "--spec", EXAMPLES.resolve(example).toString(), "--project", project,
                "--name", name);
        assertThat(created.code()).as(created.err()).isZero();
        return Fixtures.runId(project, name);
    }

    private static void awaitRunning(RunIdentifier run) {
        Tasks.awaitPhase(runs, Fixtures.actionId(run, "a0"), Phase.PHASE_RUNNING, WITHIN);
    }

    private static String show(RunIdentifier run) {
        return run.getProject() + "/" + run.getDomain() + "/" + run.getName();
    }

    private static String address() {
        return "127.0.0.1:" + server.grpcPort();
    }

    /** Parses protobuf JSON strictly (unknown fields fail) into the builder. */
    private static <B extends Message.Builder> B parse(String json, B builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return builder;
    }

    /** The repository's examples/ directory (tests run in the module's directory). */
    private static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/hello.json"))) {
                return dir.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/hello.json not found above " + Path.of("").toAbsolutePath());
    }
}

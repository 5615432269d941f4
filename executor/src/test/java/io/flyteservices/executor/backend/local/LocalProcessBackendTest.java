package io.flyteservices.executor.backend.local;

import flyteidl2.core.TaskLog;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.Specs;
import io.flyteservices.executor.backend.RunningAttempt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalProcessBackendTest {

    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private final LocalProcessBackend backend = new LocalProcessBackend(Duration.ofSeconds(2));
    private final RecordingBackendListener listener = new RecordingBackendListener();
    private final List<RunningAttempt> attempts = new ArrayList<>();

    @AfterEach
    void abortLeftovers() {
        // Only this test's attempts, so a failed assertion cannot leave a sleep 300 behind.
        attempts.forEach(RunningAttempt::abort);
    }

    @Test
    void shouldSucceedWithPlaceholdersAndEnvironmentWhenCommandExitsZero() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        var template = Specs.shell(
                "echo \"$ACTION_NAME $RUN_NAME $_U_RUN_BASE $FROM_RUN $FROM_CONTAINER {{.Input}} {{ .perretryuniquekey }}"
                        + " $OUTPUT_PREFIX\" > {{.OutputPrefix}}out.txt",
                Specs.pair("FROM_CONTAINER", "c1"));
        var spec = Specs.spec(dir, template, Map.of("FROM_RUN", "r1"), Duration.ZERO);

        var outcome = outcomeOf(start(spec));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(Files.readString(dir.resolve("out/out.txt")).strip()).isEqualTo(String.join(" ",
                "a1", "run7", dir.resolve("base") + "/", "r1", "c1", dir.resolve("in/inputs.pb").toString(),
                "run7-a1-2", dir.resolve("out") + "/"));
    }

    @Test
    void shouldPassParentEnvironmentWhenProcessStarts() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        var spec = Specs.spec(dir, Specs.shell("printf %s \"$PATH\" > {{.OutputPrefix}}path.txt"));

        assertThat(outcomeOf(start(spec))).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(Files.readString(dir.resolve("out/path.txt"))).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void shouldReportInitializingStartedThenFinishedWithLogFilesWhenProcessWritesOutput() throws Exception {
        var spec = Specs.spec(dir, Specs.shell("echo to-out; echo to-err >&2"));

        var outcome = outcomeOf(start(spec));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(listener.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Initializing", "Started", "Finished");
        var logs = listener.finished().logs();
        assertThat(listener.started()).isCompletedWithValueMatching(s -> s.logs().equals(logs));
        assertThat(logs).extracting(TaskLog::getName).containsExactly("stdout", "stderr");
        assertThat(logs).extracting(TaskLog::getMessageFormat).containsOnly(TaskLog.MessageFormat.UNKNOWN);
        assertThat(Files.readString(Path.of(URI.create(logs.get(0).getUri())))).isEqualTo("to-out\n");
        assertThat(Files.readString(Path.of(URI.create(logs.get(1).getUri())))).isEqualTo("to-err\n");
        assertThat(Path.of(URI.create(logs.get(0).getUri()))).isEqualTo(dir.resolve("work/stdout.log"));
    }

    @Test
    void shouldRunInAttemptDirectoryWhenStarted() throws Exception {
        var spec = Specs.spec(dir, Specs.shell("pwd"));

        assertThat(outcomeOf(start(spec))).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(Files.readString(dir.resolve("work/stdout.log")).strip())
                .isEqualTo(dir.resolve("work").toRealPath().toString());
    }

    @Test
    void shouldFailAsUserErrorWithExitCodeAndStderrTailWhenCommandExitsNonZero() throws Exception {
        var spec = Specs.spec(dir, Specs.shell(
                "i=1; while [ $i -le 30 ]; do echo line$i >&2; i=$((i+1)); done; exit 3"));

        var outcome = outcomeOf(start(spec));

        assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(ErrorKind.USER);
            assertThat(failed.message()).startsWith("exit code 3: line11\nline12\n").endsWith("\nline30");
        });
        assertThat(listener.finished().logs()).hasSize(2);
    }

    @Test
    void shouldFailWithExitCodeOnlyWhenStderrIsEmpty() throws Exception {
        var outcome = outcomeOf(start(Specs.spec(dir, Specs.template(List.of("false"), List.of()))));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Failed(ErrorKind.USER, "exit code 1"));
    }

    @Test
    void shouldFailAsSystemErrorWithoutStartingWhenExecutableIsMissing() throws Exception {
        var spec = Specs.spec(dir, Specs.template(List.of(dir.resolve("no-such-program").toString()), List.of("x")));

        var outcome = outcomeOf(start(spec));

        assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(ErrorKind.SYSTEM);
            assertThat(failed.message()).startsWith("cannot start the command: ").contains("no-such-program")
                    .endsWith("no such executable file");
        });
        assertThat(listener.events()).last().isInstanceOf(BackendEvent.Finished.class);
        assertThat(listener.events()).noneMatch(BackendEvent.Started.class::isInstance);
    }

    @Test
    void shouldFailAsSystemErrorWhenCommandIsEmpty() throws Exception {
        var outcome = outcomeOf(start(Specs.spec(dir, Specs.template(List.of(), List.of()))));

        assertThat(outcome).isEqualTo(
                new AttemptOutcome.Failed(ErrorKind.SYSTEM, "task template has no container command or args"));
    }

    @Test
    void shouldRunArgsAsCommandWhenCommandIsEmpty() throws Exception {
        var outcome = outcomeOf(start(Specs.spec(dir, Specs.template(List.of(), List.of("sh", "-c", "exit 0")))));

        assertThat(outcome).isEqualTo(new AttemptOutcome.Succeeded());
    }

    @Test
    void shouldKillWholeTreeAndReportAbortedWhenAborted() throws Exception {
        var attempt = start(Specs.spec(dir, Specs.shell("sleep 300 & sleep 300")));
        var root = processOf(listener.started().get(WAIT_SECONDS, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= 2);
        var children = root.descendants().toList();

        attempt.abort();

        assertThat(outcomeOf(attempt)).isEqualTo(new AttemptOutcome.Aborted());
        assertThat(root.isAlive()).isFalse();
        assertThat(children).isNotEmpty().noneMatch(ProcessTree::isRunning);
        assertThat(listener.finished().logs()).hasSize(2);
    }

    @Test
    void shouldReportAbortedWithoutStartingWhenAbortedBeforeProcessStarts() throws Exception {
        var attempt = new LocalAttempt(Specs.spec(dir, Specs.shell("echo ran > ran.txt")), listener,
                new ProcessTree(Duration.ofSeconds(1)), new ProcessLauncher());

        attempt.abort();
        attempt.run();

        assertThat(attempt.outcome()).isCompletedWithValue(new AttemptOutcome.Aborted());
        assertThat(dir.resolve("work/ran.txt")).doesNotExist();
        assertThat(listener.events()).singleElement().isInstanceOf(BackendEvent.Finished.class);
    }

    @Test
    void shouldKillTreeAndReportTimedOutWhenTimeoutPasses() throws Exception {
        var spec = Specs.spec(dir, Specs.shell("sleep 300 & sleep 300"), Map.of(), Duration.ofSeconds(1));

        var attempt = start(spec);
        var root = processOf(listener.started().get(WAIT_SECONDS, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= 2);
        var children = root.descendants().toList();

        assertThat(outcomeOf(attempt)).isEqualTo(new AttemptOutcome.TimedOut());
        assertThat(root.isAlive()).isFalse();
        assertThat(children).isNotEmpty().noneMatch(ProcessTree::isRunning);
    }

    @Test
    void shouldKeepOutcomeWhenAbortedAfterFinishing() throws Exception {
        var attempt = start(Specs.spec(dir, Specs.shell("exit 0")));
        assertThat(outcomeOf(attempt)).isEqualTo(new AttemptOutcome.Succeeded());

        attempt.abort();
        attempt.abort();

        assertThat(attempt.outcome()).isCompletedWithValue(new AttemptOutcome.Succeeded());
        assertThat(listener.events()).filteredOn(BackendEvent.Finished.class::isInstance).hasSize(1);
    }

    @Test
    void shouldStillFinishWhenListenerThrows() throws Exception {
        var attempt = backend.start(Specs.spec(dir, Specs.shell("exit 0")), event -> {
            throw new IllegalStateException("listener bug");
        });
        attempts.add(attempt);

        assertThat(outcomeOf(attempt)).isEqualTo(new AttemptOutcome.Succeeded());
    }

    @Test
    void shouldKillProcessesLeftByLostExecutorAndAdoptNothingWhenAdopting() throws Exception {
        // A process of the attempt outlives its executor: nothing of the "lost" backend is used afterwards.
        var spec = Specs.spec(dir, Specs.shell("sleep 300 & sleep 300"));
        start(spec);
        var root = processOf(listener.started().get(WAIT_SECONDS, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= 2);
        var tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        var other = Specs.spec(dir.resolve("other"), Specs.shell("sleep 300"));
        var bystander = start(new AttemptSpec(other.action(), other.attempt() + 1, other.template(), other.env(),
                other.inputUri(), other.outputPrefix(), other.rawOutputDataPrefix(), other.runBase(),
                other.timeout(), other.workDir()));

        var adopted = new LocalProcessBackend(Duration.ofSeconds(1)).adopt(spec, event -> { });

        assertThat(adopted).isEmpty();
        assertThat(tree).noneMatch(ProcessTree::isRunning);
        assertThat(bystander.outcome()).isNotDone();
    }

    @Test
    void shouldDoNothingWhenStoppingOrphanThatDoesNotRun() {
        var spec = Specs.spec(dir, Specs.shell("true"));

        backend.stopOrphan(spec.action(), 99);

        assertThat(ProcessTree.markedWith("FLYTE_ATTEMPT_ID", spec.action() + "/99")).isEmpty();
    }

    private RunningAttempt start(AttemptSpec spec) {
        var attempt = backend.start(spec, listener);
        attempts.add(attempt);
        return attempt;
    }

    private static AttemptOutcome outcomeOf(RunningAttempt attempt) throws Exception {
        return attempt.outcome().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static ProcessHandle processOf(BackendEvent.Started started) {
        return ProcessHandle.of(Long.parseLong(started.handle())).orElseThrow();
    }
}

package io.flyteservices.executor.it;

import com.google.protobuf.util.Timestamps;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.PhaseTransition;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionDetailsResponse;
import io.flyteservices.store.Db;
import io.flyteservices.store.ExecutorRow;
import io.flyteservices.store.ExecutorStore;
import io.flyteservices.testkit.TestServer;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The executor in one context with the real services, on a real PostgreSQL, running real processes: what a user
 * sees through RunService when a run's task succeeds, fails and is retried, times out, is aborted or cannot start.
 */
class LocalExecutionIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final long BACKOFF_MILLIS = 300;

    private static Path work;
    private static Path scratch;
    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("flyte-executor-work");
        scratch = Files.createTempDirectory("flyte-executor-scratch");
        server = TestServer.start(Map.of(
                "executor.work-dir", work.toString(),
                "executor.poll-interval", "200ms",
                "executor.retry-backoff", BACKOFF_MILLIS + "ms",
                "executor.max-system-retries", 1,
                "executor.heartbeat", "200ms",
                "endpoints.prometheus.enabled", true));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldRunTaskToSucceededStreamingItsPhasesAndKeepingItsLogsWhenRunIsCreated() throws Exception {
        CreateRunRequest run = Tasks.run(Tasks.shell("echo hello $RUN_NAME; echo to-err >&2; sleep 1"), Map.of());

        runs.createRun(run);
        List<Phase> streamed = watchPhases(Tasks.root(run));

        ActionDetails done = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_SUCCEEDED, WITHIN);
        await().atMost(WITHIN).until(() -> streamed.contains(Phase.PHASE_SUCCEEDED));
        assertThat(streamed).containsSubsequence(Phase.PHASE_RUNNING, Phase.PHASE_SUCCEEDED);
        assertThat(streamed).isSortedAccordingTo(java.util.Comparator.comparingInt(Phase::getNumber));
        ActionAttempt attempt = done.getAttemptsList().getFirst();
        assertThat(done.getAttemptsList()).hasSize(1);
        assertThat(attempt.getAttempt()).isEqualTo(1);
        assertThat(attempt.getPhaseTransitionsList()).extracting(PhaseTransition::getPhase)
                .containsExactly(Phase.PHASE_INITIALIZING, Phase.PHASE_RUNNING, Phase.PHASE_SUCCEEDED);
        assertThat(attempt.getLogInfoList()).extracting(l -> l.getName()).containsExactly("stdout", "stderr");
        assertThat(Files.readString(Path.of(URI.create(attempt.getLogInfo(0).getUri()))))
                .isEqualTo("hello " + run.getRunId().getName() + "\n");
        assertThat(Files.readString(Path.of(URI.create(attempt.getLogInfo(1).getUri())))).isEqualTo("to-err\n");
        assertThat(attempt.getOutputs().getOutputUri())
                .endsWith("/" + run.getRunId().getName() + "/a0/1/").startsWith("file:");
    }

    @Test
    void shouldRetryWithBackoffKeepingEachFailedAttemptWhenTaskExitsNonZero() {
        CreateRunRequest run = Tasks.run(Tasks.shell("echo boom >&2; exit 3", 2, 0), Map.of());

        runs.createRun(run);

        ActionDetails failed = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_FAILED, WITHIN);
        assertThat(failed.getAttemptsList()).extracting(ActionAttempt::getAttempt).containsExactly(1, 2, 3);
        assertThat(failed.getAttemptsList()).allSatisfy(a -> {
            assertThat(a.getPhase()).isEqualTo(Phase.PHASE_FAILED);
            assertThat(a.getErrorInfo().getKind()).isEqualTo(ErrorInfo.Kind.KIND_USER);
            assertThat(a.getErrorInfo().getMessage()).isEqualTo("exit code 3: boom");
        });
        assertThat(failed.getErrorInfo().getMessage()).isEqualTo("exit code 3: boom");
        assertThat(failed.getStatus().getAttempts()).isEqualTo(3);
        // Attempt n+1 starts no earlier than the back-off after attempt n ended: 300 ms, then 600 ms.
        for (int n = 1; n < 3; n++) {
            long ended = Timestamps.toMillis(failed.getAttempts(n - 1).getEndTime());
            long next = Timestamps.toMillis(failed.getAttempts(n).getStartTime());
            assertThat(next - ended).as("wait before attempt %d", n + 1)
                    .isGreaterThanOrEqualTo(BACKOFF_MILLIS * (1L << (n - 1)) - 20);
        }
    }

    @Test
    void shouldSucceedOnALaterAttemptWhenTaskFailsFirst() {
        // Fails on attempt 1 only: the attempt number is the last segment of FLYTE_ATTEMPT_ID.
        CreateRunRequest run = Tasks.run(Tasks.shell("[ \"${FLYTE_ATTEMPT_ID##*/}\" -ge 2 ] || exit 1", 1, 0),
                Map.of());

        runs.createRun(run);

        ActionDetails done = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_SUCCEEDED, WITHIN);
        assertThat(done.getAttemptsList()).extracting(ActionAttempt::getPhase)
                .containsExactly(Phase.PHASE_FAILED, Phase.PHASE_SUCCEEDED);
        assertThat(done.hasErrorInfo()).isFalse();
    }

    @Test
    void shouldEndTimedOutAndKillTheProcessWhenTaskRunsPastItsTimeout() throws Exception {
        CreateRunRequest run = Tasks.run(Tasks.shell("echo $$ > \"$PID_DIR/$RUN_NAME\"; exec sleep 300", 0, 1),
                Map.of("PID_DIR", scratch.toString()));

        runs.createRun(run);

        ActionDetails timedOut = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_TIMED_OUT, WITHIN);
        assertThat(timedOut.getAttemptsList()).singleElement()
                .satisfies(a -> assertThat(a.getPhase()).isEqualTo(Phase.PHASE_TIMED_OUT));
        assertThat(timedOut.getErrorInfo().getMessage()).contains("timed out after");
        assertThat(alive(pidOf(run))).isFalse();
    }

    @Test
    void shouldStopTheProcessAndEndAbortedWhenRunningRunIsAborted() throws Exception {
        CreateRunRequest run = Tasks.run(Tasks.shell("echo $$ > \"$PID_DIR/$RUN_NAME\"; exec sleep 300"),
                Map.of("PID_DIR", scratch.toString()));
        runs.createRun(run);
        Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_RUNNING, WITHIN);
        long pid = pidOf(run);
        assertThat(alive(pid)).isTrue();

        runs.abortRun(AbortRunRequest.newBuilder().setRunId(run.getRunId()).setReason("enough").build());

        await().atMost(WITHIN).until(() -> !alive(pid));
        ActionDetails aborted = Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_ABORTED, WITHIN);
        assertThat(aborted.getAbortInfo().getReason()).isEqualTo("enough");
        assertThat(aborted.getAttemptsList()).singleElement()
                .satisfies(a -> assertThat(a.getPhase()).isEqualTo(Phase.PHASE_ABORTED));
        assertThat(queueEntries(run)).isZero();
    }

    @Test
    void shouldFailAsSystemErrorAfterSystemRetriesWhenCommandCannotStart() {
        CreateRunRequest run = Tasks.run(Tasks.shell("unused"), Map.of());
        CreateRunRequest missing = run.toBuilder().setTaskSpec(run.getTaskSpec().toBuilder().setTaskTemplate(
                run.getTaskSpec().getTaskTemplate().toBuilder().setContainer(run.getTaskSpec().getTaskTemplate()
                        .getContainer().toBuilder().clearCommand().clearArgs().addCommand("/no/such/program"))))
                .build();

        runs.createRun(missing);

        // executor.max-system-retries is 1 here: two attempts, both system errors; the task's retries do not count.
        ActionDetails failed = Tasks.awaitPhase(runs, Tasks.root(missing), Phase.PHASE_FAILED, WITHIN);
        assertThat(failed.getAttemptsList()).hasSize(2).allSatisfy(a -> {
            assertThat(a.getErrorInfo().getKind()).isEqualTo(ErrorInfo.Kind.KIND_SYSTEM);
            assertThat(a.getErrorInfo().getMessage()).contains("/no/such/program");
        });
        assertThat(failed.getErrorInfo().getKind()).isEqualTo(ErrorInfo.Kind.KIND_SYSTEM);
    }

    @Test
    void shouldRegisterWithHeartbeatAndExposeMetricsWhenRunning() throws Exception {
        CreateRunRequest run = Tasks.run(Tasks.shell("true"), Map.of());
        runs.createRun(run);
        Tasks.awaitPhase(runs, Tasks.root(run), Phase.PHASE_SUCCEEDED, WITHIN);

        Db db = server.context().getBean(Db.class);
        ExecutorStore executors = server.context().getBean(ExecutorStore.class);
        List<ExecutorRow> rows = db.read("executors", executors::all);
        String id = server.context().getBean(io.flyteservices.executor.ExecutorIdentity.class).id();
        assertThat(rows).filteredOn(r -> r.id().equals(id)).singleElement().satisfies(r -> {
            assertThat(r.lastHeartbeat()).isAfterOrEqualTo(r.startedAt());
            assertThat(r.host()).isNotBlank();
        });
        String metrics = await().atMost(WITHIN).until(LocalExecutionIT::prometheus,
                m -> m.contains("executor_attempts_total{outcome=\"succeeded\"}") && m.contains("queue_depth"));
        assertThat(metrics).contains("executor_claims_total", "executor_running", "executor_registered",
                "queue_oldest_age_seconds", "executor_attempt_duration_seconds_count{outcome=\"succeeded\"}");
    }

    private static String prometheus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(server.httpBase().resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The pid the task wrote to {@code $PID_DIR/$RUN_NAME} when it started. */
    private static long pidOf(CreateRunRequest run) throws Exception {
        Path pidFile = scratch.resolve(run.getRunId().getName());
        await().atMost(WITHIN).until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int queueEntries(CreateRunRequest run) {
        Db db = server.context().getBean(Db.class);
        return db.read("queue entries", c -> {
            try (var ps = c.prepareStatement("""
                    SELECT count(*) FROM queued_actions q JOIN runs r ON r.id = q.run_id
                     WHERE r.project = ? AND r.name = ?""")) {
                ps.setString(1, run.getRunId().getProject());
                ps.setString(2, run.getRunId().getName());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Streams the action's phases through the gateway's WatchActionDetails, in the order received. */
    private static List<Phase> watchPhases(ActionIdentifier action) {
        List<Phase> phases = new CopyOnWriteArrayList<>();
        RunServiceGrpc.newStub(server.channel()).watchActionDetails(
                WatchActionDetailsRequest.newBuilder().setActionId(action).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(WatchActionDetailsResponse value) {
                        Phase phase = value.getDetails().getStatus().getPhase();
                        if (phases.isEmpty() || phases.getLast() != phase) {
                            phases.add(phase);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return phases;
    }
}

package io.flyteservices.executor.it;

import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.store.Db;
import io.flyteservices.testkit.LaunchedProcess;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two executor JVMs share 100 sleeping tasks; one is killed with SIGKILL half-way. Every action still succeeds,
 * exactly one attempt of each succeeds, the attempts the dead executor was running are recorded as lost, and its
 * leases are taken over by the survivor once they expire.
 */
class CrashSafetyIT {

    private static final int ACTIONS = 100;
    private static final String PROJECT = "crash-" + Long.toHexString(System.nanoTime());

    private static TestServer services;
    private static LaunchedProcess doomed;
    private static LaunchedProcess survivor;

    @BeforeAll
    static void start() throws Exception {
        services = TestServer.start(Map.of("executor.enabled", false));
        Path work = Files.createTempDirectory("flyte-crash-work");
        doomed = launchExecutor("doomed", work);
        survivor = launchExecutor("survivor", work);
        doomed.awaitReady();
        survivor.awaitReady();
    }

    private static LaunchedProcess launchExecutor(String id, Path work) throws Exception {
        return LaunchedProcess.start("executor", Path.of("target"), TestDatabase.get().jdbcUrl(), Map.of(
                "EXECUTOR_ID", id + "-" + PROJECT,
                "EXECUTOR_LEASE", "3s",
                "EXECUTOR_POLL_INTERVAL", "200ms",
                "EXECUTOR_HEARTBEAT", "500ms",
                "EXECUTOR_WORK_DIR", work.resolve(id).toString(),
                "QUEUE_WORKER_COUNT", "8"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (LaunchedProcess p : new LaunchedProcess[] {doomed, survivor}) {
            if (p != null) {
                p.close();
            }
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void shouldFinishEveryActionExactlyOnceWhenAnExecutorIsKilledMidway() throws Exception {
        RunServiceGrpc.RunServiceBlockingStub runs = RunServiceGrpc.newBlockingStub(services.channel());
        List<CreateRunRequest> created = new ArrayList<>();
        for (int i = 0; i < ACTIONS; i++) {
            CreateRunRequest run = Tasks.run(Tasks.shell("sleep 1"), Map.of());
            run = run.toBuilder().setRunId(run.getRunId().toBuilder().setProject(PROJECT).setName("r" + i)).build();
            runs.createRun(run);
            created.add(run);
        }
        String doomedId = "doomed-" + PROJECT;
        await("the doomed executor running attempts after some actions finished")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> count("a.phase = 5") >= 10 && count("t.executor_id = '" + doomedId + "' AND t.phase = 4") > 0);

        doomed.killHard();
        int runningWhenKilled = count("t.executor_id = '" + doomedId + "' AND t.phase <= 4 AND a.phase <= 4");

        await("every action succeeded").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("a.phase = 5 AND t.phase = 5") == ACTIONS);
        Map<String, List<String>> attempts = attemptsByAction();
        assertThat(attempts).hasSize(ACTIONS);
        assertThat(attempts).allSatisfy((action, list) ->
                assertThat(list).as("attempts of %s", action).filteredOn(a -> a.startsWith("5:")).hasSize(1));
        List<String> lost = attempts.values().stream().flatMap(List::stream)
                .filter(a -> a.contains("executor lost")).toList();
        assertThat(runningWhenKilled).isPositive();
        assertThat(lost).hasSize(runningWhenKilled)
                .allSatisfy(a -> assertThat(a).startsWith("6:").contains(doomedId));
        assertThat(count("t.executor_id = '" + doomedId + "' AND t.phase = 5")).isGreaterThanOrEqualTo(1);
        await("the dead executor removed from the registry").atMost(Duration.ofSeconds(30))
                .until(() -> registered(doomedId) == 0);
        assertThat(registered("survivor-" + PROJECT)).isEqualTo(1);
    }

    /** Attempt rows of this test's actions joined with their action, matching {@code condition}. */
    private static int count(String condition) {
        Db db = services.context().getBean(Db.class);
        return db.read("count", c -> {
            try (var ps = c.prepareStatement("""
                    SELECT count(*) FROM action_attempts t JOIN actions a ON a.id = t.action_id
                      JOIN runs r ON r.id = a.run_id
                     WHERE r.project = ?
                    """ + " AND " + condition)) {
                ps.setString(1, PROJECT);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** For each run: its attempts as {@code phase:executor:error}, in attempt order. */
    private static Map<String, List<String>> attemptsByAction() {
        Db db = services.context().getBean(Db.class);
        return db.read("attempts", c -> {
            try (var ps = c.prepareStatement("""
                    SELECT r.name, t.phase || ':' || coalesce(t.executor_id, '') || ':' || coalesce(t.error_message, '')
                      FROM action_attempts t JOIN actions a ON a.id = t.action_id JOIN runs r ON r.id = a.run_id
                     WHERE r.project = ? ORDER BY r.name, t.attempt""")) {
                ps.setString(1, PROJECT);
                List<String[]> rows = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                return rows.stream().collect(Collectors.groupingBy(r -> r[0],
                        Collectors.mapping(r -> r[1], Collectors.toList())));
            }
        });
    }

    private static int registered(String executorId) {
        Db db = services.context().getBean(Db.class);
        return db.read("registered", c -> {
            try (var ps = c.prepareStatement("SELECT count(*) FROM executors WHERE id = ?")) {
                ps.setString(1, executorId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}

package io.flyteservices.executor.it;

import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.executor.report.Fenced;
import io.flyteservices.executor.report.LeaseFence;
import io.flyteservices.status.ReportedStatus;
import io.flyteservices.status.StatusRecorder;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stale executor — its lease expired and was taken over while it was paused — wakes up and reports: none of its
 * writes lands, while the new holder's do. The services run without an executor of their own here; the two
 * executors are played through the same {@link LeaseFence} the real one writes through.
 */
class FencingIT {

    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;
    private static Db db;
    private static QueueStore queue;
    private static StatusRecorder recorder;
    private static LeaseFence stale;
    private static LeaseFence current;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("executor.enabled", false));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
        db = server.context().getBean(Db.class);
        queue = server.context().getBean(QueueStore.class);
        recorder = server.context().getBean(StatusRecorder.class);
        ActionStore actions = server.context().getBean(ActionStore.class);
        stale = new LeaseFence(db, actions, queue, new ExecutorIdentity("stale-executor", "host-a"));
        current = new LeaseFence(db, actions, queue, new ExecutorIdentity("current-executor", "host-b"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldRefuseEveryWriteOfAStaleExecutorWhenItsLeaseWasTakenOver() {
        CreateRunRequest run = Tasks.run(Tasks.shell("true"), Map.of());
        runs.createRun(run);
        long actionId = actionIdOf(run);
        Claim staleClaim = claimOnly(actionId, "stale-executor", 100);
        assertThat(stale.write("stale reports running", staleClaim, (c, a) -> recorder.record(c, a,
                new ReportedStatus(1, Phase.PHASE_RUNNING, null, null)), (c, a) -> { })).isEqualTo(Fenced.HELD);
        await().atMost(Duration.ofSeconds(10)).until(() -> leaseExpired(staleClaim));
        Claim currentClaim = claimOnly(actionId, "current-executor", 60_000);
        assertThat(currentClaim.leaseToken()).isGreaterThan(staleClaim.leaseToken());
        assertThat(current.write("current reports attempt 2 running", currentClaim, (c, a) -> recorder.record(c, a,
                new ReportedStatus(2, Phase.PHASE_RUNNING, null, null)), (c, a) -> { })).isEqualTo(Fenced.HELD);

        Fenced succeeded = stale.write("stale reports success", staleClaim, (c, a) -> recorder.record(c, a,
                new ReportedStatus(2, Phase.PHASE_SUCCEEDED, "file:///stale/", null)), (c, a) -> { });
        Fenced event = stale.write("stale reports an event", staleClaim,
                (c, a) -> recorder.recordClusterEvent(c, a, 2, Instant.now(), "stale event"), (c, a) -> { });
        Fenced removed = stale.writeHeld("stale removes the entry", staleClaim,
                (c, a) -> queue.deleteIfHeld(c, "stale-executor", staleClaim));

        assertThat(List.of(succeeded, event, removed)).containsOnly(Fenced.LOST);
        ActionDetails details = Tasks.details(runs, Tasks.root(run));
        assertThat(details.getStatus().getPhase()).isEqualTo(Phase.PHASE_RUNNING);
        assertThat(details.getAttemptsList()).extracting(a -> a.getAttempt() + ":" + a.getPhase())
                .containsExactly("1:PHASE_RUNNING", "2:PHASE_RUNNING");
        assertThat(details.getAttemptsList()).allSatisfy(a -> assertThat(a.getClusterEventsList()).isEmpty());
        assertThat(current.write("current reports success", currentClaim, (c, a) -> recorder.record(c, a,
                new ReportedStatus(2, Phase.PHASE_SUCCEEDED, "file:///current/", null)), (c, a) -> { }))
                .isEqualTo(Fenced.HELD);
        assertThat(Tasks.details(runs, Tasks.root(run)).getStatus().getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
    }

    @Test
    void shouldTellTheHolderWhenItsActionWasAborted() {
        CreateRunRequest run = Tasks.run(Tasks.shell("true"), Map.of());
        runs.createRun(run);
        Claim claim = claimOnly(actionIdOf(run), "current-executor", 60_000);
        runs.abortRun(flyteidl2.workflow.AbortRunRequest.newBuilder().setRunId(run.getRunId()).build());

        boolean[] cleanedUp = {false};
        Fenced fenced = current.write("report after abort", claim, (c, a) -> recorder.record(c, a,
                new ReportedStatus(1, Phase.PHASE_RUNNING, null, null)), (c, a) -> cleanedUp[0] = true);

        assertThat(fenced).isEqualTo(Fenced.ABORTED);
        assertThat(cleanedUp[0]).isTrue();
        assertThat(Tasks.details(runs, Tasks.root(run)).getStatus().getPhase()).isEqualTo(Phase.PHASE_ABORTED);
    }

    @Test
    void shouldReadWithoutLockingOnlyWhileTheLeaseIsHeldAndCleanUpWhenAborted() {
        CreateRunRequest run = Tasks.run(Tasks.shell("true"), Map.of());
        runs.createRun(run);
        long actionId = actionIdOf(run);
        Claim staleClaim = claimOnly(actionId, "stale-executor", 60_000);
        Claim currentClaim = claimOnly(actionId, "current-executor", 60_000);
        List<String> seen = new java.util.ArrayList<>();

        Fenced held = current.read("load", currentClaim, (c, a) -> seen.add(a.key().name()), (c, a) -> { });
        Fenced lost = stale.read("stale load", staleClaim, (c, a) -> seen.add("stale"), (c, a) -> { });
        runs.abortRun(flyteidl2.workflow.AbortRunRequest.newBuilder().setRunId(run.getRunId()).build());
        Fenced aborted = current.read("load after abort", currentClaim, (c, a) -> seen.add("after abort"),
                (c, a) -> queue.deleteIfHeld(c, "current-executor", currentClaim));

        assertThat(List.of(held, lost, aborted)).containsExactly(Fenced.HELD, Fenced.LOST, Fenced.ABORTED);
        assertThat(seen).containsExactly("a0");
        assertThat(current.read("load once removed", currentClaim, (c, a) -> seen.add("removed"), (c, a) -> { }))
                .isEqualTo(Fenced.LOST);
    }

    @Test
    void shouldFenceEachWriteOfAGroupOnItsOwnWhenWritesAreCommittedTogether() throws Exception {
        ActionStore actions = server.context().getBean(ActionStore.class);
        LeaseFence grouped = new LeaseFence(db, actions, queue, new ExecutorIdentity("grouping-executor", "host-c"),
                16, 1);
        List<CreateRunRequest> created = new java.util.ArrayList<>();
        List<Claim> claims = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CreateRunRequest run = Tasks.run(Tasks.shell("true"), Map.of());
            runs.createRun(run);
            created.add(run);
            claims.add(claimOnly(actionIdOf(run), i == 3 ? "someone-else" : "grouping-executor", 60_000));
        }
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Fenced>> results = new java.util.ArrayList<>();
            for (int i = 0; i < claims.size(); i++) {
                Claim claim = claims.get(i);
                boolean broken = i == 7;
                results.add(threads.submit(() -> grouped.write("report running", claim, (c, a) -> {
                    if (broken) {
                        throw new java.sql.SQLException("this write fails");
                    }
                    recorder.record(c, a, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
                }, (c, a) -> { })));
            }
            for (int i = 0; i < claims.size(); i++) {
                if (i == 7) {
                    int failing = i;
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> results.get(failing).get())
                            .hasRootCauseMessage("this write fails");
                } else {
                    assertThat(results.get(i).get()).as("write %d", i).isEqualTo(i == 3 ? Fenced.LOST : Fenced.HELD);
                }
            }
        } finally {
            grouped.close();
        }
        for (int i = 0; i < created.size(); i++) {
            assertThat(Tasks.details(runs, Tasks.root(created.get(i))).getStatus().getPhase()).as("action %d", i)
                    .isEqualTo(i == 3 || i == 7 ? Phase.PHASE_QUEUED : Phase.PHASE_RUNNING);
        }
    }

    /** Claims exactly this action's entry (other tests' entries are left alone) for {@code executor}. */
    private static Claim claimOnly(long actionId, String executor, long leaseMillis) {
        return db.inTransaction("claim one", c -> {
            try (var ps = c.prepareStatement("""
                    UPDATE queued_actions SET claimed_by = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                           lease_token = lease_token + 1
                     WHERE action_id = ? RETURNING id, action_id, run_id, lease_token""")) {
                ps.setString(1, executor);
                ps.setLong(2, leaseMillis);
                ps.setLong(3, actionId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Claim(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
                }
            }
        });
    }

    private static boolean leaseExpired(Claim claim) {
        return db.read("lease", c -> {
            try (var ps = c.prepareStatement("SELECT lease_expires_at < now() FROM queued_actions WHERE id = ?")) {
                ps.setLong(1, claim.entryId());
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    private static long actionIdOf(CreateRunRequest run) {
        return db.read("action id", c -> {
            try (var ps = c.prepareStatement("""
                    SELECT a.id FROM actions a JOIN runs r ON r.id = a.run_id
                     WHERE r.project = ? AND r.name = ? AND a.name = 'a0'""")) {
                ps.setString(1, run.getRunId().getProject());
                ps.setString(2, run.getRunId().getName());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}

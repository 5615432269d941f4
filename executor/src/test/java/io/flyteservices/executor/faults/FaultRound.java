package io.flyteservices.executor.faults;

import flyteidl2.common.RunIdentifier;
import io.grpc.Status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One fault under load: runs are created at a steady rate and watched; once attempts run on the executor that may be
 * killed, the fault strikes; the load goes on for a while, stops, and everything created must drain. Measured from
 * the end of the fault (the database back, a killed process started again): the time to the first successful RPC
 * ({@link RecoveryProbe}) and until every watch of the runs created before it had seen their final phases; checked: no run lost, no completion duplicated, every watch ended
 * having seen the final phase.
 */
final class FaultRound {

    /** The stated recovery limits, asserted for every fault. */
    static final Duration FIRST_RPC_LIMIT = Duration.ofSeconds(30);
    static final Duration CAUGHT_UP_LIMIT = Duration.ofSeconds(60);
    private static final Duration LOAD_AFTER_FAULT = Duration.ofSeconds(10);
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(120);
    private static final List<String> ACTIONS = List.of("a0");

    /** What one round measured and found. */
    record Result(Fault fault, int round, Duration faultTook, Ledger.Outcome outcome, List<String> incompleteWatches,
                  Map<String, String> createFailures, Map<Status.Code, Integer> watchErrors, List<String> unexpectedWatchErrors,
                  int createRetries,
                  Duration firstRpc, Duration caughtUp) {

        boolean recoveredInTime() {
            return firstRpc.compareTo(FIRST_RPC_LIMIT) <= 0 && caughtUp != null
                    && caughtUp.compareTo(CAUGHT_UP_LIMIT) <= 0;
        }
    }

    private FaultRound() {
    }

    static Result run(Cluster cluster, Fault fault, int round, double rate) throws Exception {
        Ledger ledger = new Ledger("faults-" + fault.label() + "-" + round + "-"
                + Long.toString(System.nanoTime() % 1_000_000_000L, 36));
        try (Watchers watchers = new Watchers(cluster)) {
            RunLoad load = new RunLoad(cluster, ledger, watchers, rate).start();
            long faultAt;
            RunIdentifier probeRun;
            Duration faultTook;
            Duration firstRpc;
            try {
                probeRun = awaitWarm(cluster, ledger, watchers);
                long struck = System.nanoTime();
                fault.inject(cluster);
                // Recovery counts from the end of the fault: a restarted database is back, a killed process respawned.
                faultAt = System.nanoTime();
                faultTook = Duration.ofNanos(faultAt - struck);
                firstRpc = RecoveryProbe.firstSuccessfulRpc(cluster, probeRun, faultAt, FIRST_RPC_LIMIT.multipliedBy(2));
                // The load simply goes on for a while after recovery: this is its duration, not a wait for an event.
                Thread.sleep(LOAD_AFTER_FAULT);
            } finally {
                load.close();
            }
            cluster.awaitReady();
            drain(cluster, ledger, watchers);
            List<String> before = ledger.runs().entrySet().stream()
                    .filter(e -> e.getValue().createdAtNanos() < faultAt).map(Map.Entry::getKey).toList();
            Long caughtUpAt = watchers.caughtUpAt(before);
            Duration caughtUp = caughtUpAt == null ? null : Duration.ofNanos(Math.max(0, caughtUpAt - faultAt));
            return new Result(fault, round, faultTook, ledger.check(cluster.database()), watchers.incomplete(ACTIONS),
                    load.failures(), watchers.errors(), watchers.unexpectedErrors(), load.retries(), firstRpc, caughtUp);
        }
    }

    /**
     * Waits until some runs finished and the executor the kill fault targets runs attempts (its default id holds its
     * pid), so a fault meets work in every state; returns a finished run for the probe.
     */
    private static RunIdentifier awaitWarm(Cluster cluster, Ledger ledger, Watchers watchers) {
        String executor = "%-" + cluster.pid(Cluster.EXECUTOR) + "-%";
        await("runs finished and attempts running on " + Cluster.EXECUTOR).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(cluster, ledger, "a.phase = 5") >= 3
                        && count(cluster, ledger, "t.phase = 4 AND t.executor_id LIKE '" + executor + "'") > 0);
        String finished = ledger.runs().keySet().stream()
                .filter(run -> watchers.caughtUpAt(List.of(run)) != null).findFirst()
                .orElseGet(() -> ledger.runs().keySet().iterator().next());
        return io.flyteservices.testkit.Fixtures.runId(ledger.project(), finished);
    }

    /** Waits (up to a limit, without failing: the check reports what did not drain) for every run and watch to end. */
    private static void drain(Cluster cluster, Ledger ledger, Watchers watchers) {
        try {
            await().atMost(DRAIN_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> watchers.allEnded() && ledger.check(cluster.database()).done());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported by the checks that follow.
        }
    }

    private static int count(Cluster cluster, Ledger ledger, String condition) throws SQLException {
        try (Connection c = cluster.database().connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM actions a JOIN runs r ON r.id = a.run_id
                  LEFT JOIN action_attempts t ON t.action_id = a.id WHERE r.project = ?""" + " AND " + condition)) {
            ps.setString(1, ledger.project());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

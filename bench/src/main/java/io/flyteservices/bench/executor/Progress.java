package io.flyteservices.bench.executor;

import flyteidl2.workflow.Phase;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the database says about the benchmark's actions: completions, the queue left, and their latencies. */
final class Progress {

    private final DataSource db;

    Progress(DataSource db) {
        this.db = db;
    }

    /** Actions that reached SUCCEEDED so far. */
    long succeeded() throws SQLException {
        return count("SELECT count(*) FROM actions WHERE phase = " + Phase.PHASE_SUCCEEDED_VALUE);
    }

    /** Actions that ended in any other terminal phase (a failing benchmark, not a slow one). */
    long failed() throws SQLException {
        return count("SELECT count(*) FROM actions WHERE ended_at IS NOT NULL AND phase <> "
                + Phase.PHASE_SUCCEEDED_VALUE);
    }

    /** Queue entries left (claimable or running). */
    long queued() throws SQLException {
        return count("SELECT count(*) FROM queued_actions");
    }

    /** Actions of runs named {@code <prefix>-*} not yet ended. */
    long unfinished(String prefix) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM actions a JOIN runs r ON r.id = a.run_id"
                        + " WHERE r.name LIKE ? AND a.ended_at IS NULL")) {
            ps.setString(1, prefix + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Per-action latencies (ms) of runs named {@code <prefix>-*}, from the database's own clock: enqueue (the
     * action row's creation, in CreateRun's transaction) to RUNNING recorded, and to SUCCEEDED recorded.
     */
    Latency[] latencies(String prefix) throws SQLException {
        String sql = """
                SELECT extract(epoch FROM running.started_at - a.created_at) * 1000,
                       extract(epoch FROM a.ended_at - a.created_at) * 1000
                  FROM actions a
                  JOIN runs r ON r.id = a.run_id
                  JOIN phase_transitions running ON running.action_id = a.id AND running.attempt = 1
                                                AND running.phase = %d
                 WHERE r.name LIKE ? AND a.phase = %d
                """.formatted(Phase.PHASE_RUNNING_VALUE, Phase.PHASE_SUCCEEDED_VALUE);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, prefix + "-%");
            java.util.List<Latency> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Latency(rs.getDouble(1), rs.getDouble(2)));
                }
            }
            return out.toArray(Latency[]::new);
        }
    }

    record Latency(double toRunningMs, double toSucceededMs) {
    }

    /** Empties every table the rounds fill, so each round starts from the same state. */
    void reset() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE runs, changes, executors CASCADE");
            s.execute("VACUUM ANALYZE");
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

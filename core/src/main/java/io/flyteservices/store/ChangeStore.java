package io.flyteservices.store;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and prunes {@code changes}, the log the V4 triggers append to, and subscribes a session to its
 * notifications. Transaction ids ({@code xid8}) travel as their decimal text, as PostgreSQL prints them.
 * Callers provide the connection; every method is one statement and needs no transaction of its own.
 */
@Singleton
public final class ChangeStore {

    /** One row of {@code changes}; {@code actionId} is 0 for a change of the run row itself. */
    public record ChangeRow(long seq, long xid, int entity, long runId, long actionId, Instant changedAt) {
    }

    /** What one read saw: the xmin of its snapshot and the rows, in seq order. */
    public record ChangeSlice(String xmin, List<ChangeRow> rows) {
        public ChangeSlice {
            rows = List.copyOf(rows);
        }
    }

    /** The xmin of a fresh snapshot: every transaction with a lower xid has committed or aborted. */
    public String snapshotXmin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ChangeSql.SELECT_SNAPSHOT_XMIN);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * In one statement, so in one snapshot: that snapshot's xmin and up to {@code limit} rows with
     * {@code xid >= horizonXid} and {@code seq > afterSeq}, in seq order. Run it in auto-commit mode (or as the
     * first statement of a READ COMMITTED transaction) so that the snapshot is fresh.
     */
    public ChangeSlice readFromHorizon(Connection c, String horizonXid, long afterSeq, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ChangeSql.SELECT_CHANGES_FROM_HORIZON)) {
            ps.setString(1, horizonXid);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                String xmin = null;
                List<ChangeRow> rows = new ArrayList<>();
                while (rs.next()) {
                    xmin = rs.getString("xmin");
                    long seq = rs.getLong("seq");
                    if (rs.wasNull()) {
                        continue; // the LEFT JOIN's row when nothing matched: it only carries the xmin
                    }
                    rows.add(new ChangeRow(seq, Long.parseUnsignedLong(rs.getString("xid")), rs.getInt("entity"),
                            rs.getLong("run_id"), rs.getLong("action_id"), Rows.instant(rs, "changed_at")));
                }
                return new ChangeSlice(xmin, rows);
            }
        }
    }

    /**
     * Deletes changes written more than {@code retention} ago whose transaction id is below
     * {@code horizonXid} (a reader has read every such row, so none is still owed to it); returns how many.
     */
    public int deleteOlderThan(Connection c, Duration retention, String horizonXid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ChangeSql.DELETE_CHANGES_OLDER_THAN)) {
            ps.setDouble(1, retention.toMillis() / 1000.0);
            ps.setString(2, horizonXid);
            return ps.executeUpdate();
        }
    }

    /** The server process id behind {@code c}. */
    public int backendPid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ChangeSql.SELECT_BACKEND_PID);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Subscribes the session of {@code c} to channel {@code flyte_changes} (auto-commit: LISTEN acts on commit). */
    public void listen(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ChangeSql.LISTEN_CHANGES);
        }
    }
}

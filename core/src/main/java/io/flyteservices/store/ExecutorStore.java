package io.flyteservices.store;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code executors}, the registry of running executors. */
@Singleton
public final class ExecutorStore {

    public void register(Connection c, String id, String host) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ExecutorSql.REGISTER)) {
            ps.setString(1, id);
            ps.setString(2, host);
            ps.executeUpdate();
        }
    }

    /** Returns false when the executor is not registered (removed as silent): it should register again. */
    public boolean heartbeat(Connection c, String id, int running) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ExecutorSql.HEARTBEAT)) {
            ps.setInt(1, running);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    public void deregister(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ExecutorSql.DEREGISTER)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Removes executors whose last heartbeat is older than {@code silentMillis}; returns how many. */
    public int deleteSilent(Connection c, long silentMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ExecutorSql.DELETE_SILENT)) {
            ps.setLong(1, silentMillis);
            return ps.executeUpdate();
        }
    }

    public List<ExecutorRow> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ExecutorSql.SELECT_ALL); ResultSet rs = ps.executeQuery()) {
            List<ExecutorRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new ExecutorRow(rs.getString("id"), rs.getString("host"), Rows.instant(rs, "started_at"),
                        Rows.instant(rs, "last_heartbeat"), rs.getInt("running")));
            }
            return rows;
        }
    }
}

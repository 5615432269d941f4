package io.flyteservices.store;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads and writes {@code queued_actions}. */
@Singleton
public final class QueueStore {

    /** Queues an action; the insert trigger wakes executors on commit. */
    public void insert(Connection c, long actionId, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.INSERT_ENTRY)) {
            ps.setLong(1, actionId);
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    /** The number of pending entries, counted up to {@code bound} only. */
    public int countPendingUpTo(Connection c, int bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.COUNT_PENDING_UP_TO)) {
            ps.setInt(1, bound);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Withdraws the entries of aborted actions: unleased ones are deleted, leased ones marked aborted for
     * their executor to stop.
     */
    public void abortEntries(Connection c, List<Long> actionIds, String reason) throws SQLException {
        if (actionIds.isEmpty()) {
            return;
        }
        var ids = c.createArrayOf("int8", actionIds.toArray(Long[]::new));
        try (PreparedStatement ps = c.prepareStatement(QueueSql.DELETE_UNCLAIMED_OF_ACTIONS)) {
            ps.setArray(1, ids);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(QueueSql.MARK_ABORTED_OF_ACTIONS)) {
            ps.setString(1, reason);
            ps.setArray(2, ids);
            ps.executeUpdate();
        }
    }

    /**
     * Removes the action's queue entry, leased or not: for an action that reached a terminal phase. Returns
     * whether there was one.
     */
    public boolean deleteOfAction(Connection c, long actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.DELETE_ENTRY_OF_ACTION)) {
            ps.setLong(1, actionId);
            return ps.executeUpdate() > 0;
        }
    }
}

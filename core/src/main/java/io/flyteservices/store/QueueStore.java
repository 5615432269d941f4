package io.flyteservices.store;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

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

    /** A leased queue entry; {@code leaseToken} fences the writes of earlier holders of the same entry. */
    public record Claim(long entryId, long actionId, long runId, int leaseToken) {
    }

    /** A renewed lease and whether its entry has been aborted meanwhile. */
    public record Lease(long entryId, boolean aborted) {
    }

    /** Leases up to {@code limit} claimable entries to {@code executorId} for {@code leaseMillis}. */
    public List<Claim> claim(Connection c, String executorId, long leaseMillis, int limit) throws SQLException {
        return claimWith(QueueSql.CLAIM, c, executorId, leaseMillis, limit);
    }

    /** Leases up to {@code limit} aborted entries whose holder's lease expired, for their work to be stopped. */
    public List<Claim> claimAbandonedAborts(Connection c, String executorId, long leaseMillis, int limit)
            throws SQLException {
        return claimWith(QueueSql.CLAIM_ABANDONED_ABORTS, c, executorId, leaseMillis, limit);
    }

    /** What an entry asks of its holder: run the action, or stop it. */
    public enum EntryStatus { PENDING, ABORTED }

    /**
     * The entry's status when {@code executorId} still holds {@code claim}, its row locked until the transaction
     * ends; empty when the lease was lost (taken over, or the entry removed because the action finished).
     */
    public Optional<EntryStatus> lockIfHeld(Connection c, String executorId, Claim claim) throws SQLException {
        return statusIfHeld(QueueSql.LOCK_IF_HELD, c, executorId, claim);
    }

    /** The entry's status when {@code executorId} still holds {@code claim}, read without a lock. */
    public Optional<EntryStatus> statusIfHeld(Connection c, String executorId, Claim claim) throws SQLException {
        return statusIfHeld(QueueSql.STATUS_IF_HELD, c, executorId, claim);
    }

    private static Optional<EntryStatus> statusIfHeld(String sql, Connection c, String executorId, Claim claim)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, claim.entryId());
            ps.setString(2, executorId);
            ps.setInt(3, claim.leaseToken());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1) == 1 ? EntryStatus.ABORTED : EntryStatus.PENDING)
                        : Optional.empty();
            }
        }
    }

    private static List<Claim> claimWith(String sql, Connection c, String executorId, long leaseMillis, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, executorId);
            ps.setLong(2, leaseMillis);
            ps.setInt(3, limit);
            List<Claim> claims = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claims.add(new Claim(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)));
                }
            }
            claims.sort(java.util.Comparator.comparingLong(Claim::entryId));
            return claims;
        }
    }

    /** Renews the given leases if still held by {@code executorId}; leases not returned were lost. */
    public List<Lease> renewIfHeld(Connection c, String executorId, List<Claim> held, long leaseMillis)
            throws SQLException {
        if (held.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(QueueSql.RENEW_LEASES_IF_HELD)) {
            ps.setLong(1, leaseMillis);
            ps.setArray(2, c.createArrayOf("int8", held.stream().map(Claim::entryId).toArray(Long[]::new)));
            ps.setArray(3, c.createArrayOf("int4", held.stream().map(Claim::leaseToken).toArray(Integer[]::new)));
            ps.setString(4, executorId);
            List<Lease> leases = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leases.add(new Lease(rs.getLong(1), rs.getInt(2) == 1));
                }
            }
            return leases;
        }
    }

    /** Deletes the entry if {@code claim} is still held; false when the lease was lost (a stale executor). */
    public boolean deleteIfHeld(Connection c, String executorId, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.DELETE_IF_HELD)) {
            ps.setLong(1, claim.entryId());
            ps.setString(2, executorId);
            ps.setInt(3, claim.leaseToken());
            return ps.executeUpdate() == 1;
        }
    }

    /** Releases the entry for a retry after {@code backoffMillis} if {@code claim} is still held. */
    public boolean releaseForRetryIfHeld(Connection c, String executorId, Claim claim, long backoffMillis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.RELEASE_FOR_RETRY_IF_HELD)) {
            ps.setLong(1, backoffMillis);
            ps.setLong(2, claim.entryId());
            ps.setString(3, executorId);
            ps.setInt(4, claim.leaseToken());
            return ps.executeUpdate() == 1;
        }
    }

    /** Pending entries and the age in seconds of the oldest one. */
    public record Depth(long pending, double oldestAgeSeconds) {
    }

    public Depth depth(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QueueSql.QUEUE_DEPTH); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Depth(rs.getLong(1), rs.getDouble(2));
        }
    }
}

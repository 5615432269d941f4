package io.flyteservices.store;

final class QueueSql {

    private QueueSql() {
    }

    /** Queues an action for execution. */
    static final String INSERT_ENTRY = """
            INSERT INTO queued_actions (action_id, run_id)
            VALUES (?, ?)
            """;

    /** Counts pending entries, stopping at the given bound (cheap whatever the queue's length). */
    static final String COUNT_PENDING_UP_TO = """
            SELECT count(*)
              FROM (SELECT 1 FROM queued_actions WHERE status = 0 LIMIT ?) AS pending
            """;

    /** Removes entries of these actions that no executor holds a live lease on: nothing runs them. */
    static final String DELETE_UNCLAIMED_OF_ACTIONS = """
            DELETE FROM queued_actions
             WHERE action_id = ANY(?)
               AND (claimed_by IS NULL OR lease_expires_at < now())
            """;

    /** Marks the remaining (leased) entries of these actions aborted, so their executors stop the work. */
    static final String MARK_ABORTED_OF_ACTIONS = """
            UPDATE queued_actions
               SET status = 1, abort_reason = ?
             WHERE action_id = ANY(?)
            """;

    /** Removes the entry of an action that finished: nothing is left to run, whoever holds it. */
    static final String DELETE_ENTRY_OF_ACTION = """
            DELETE FROM queued_actions
             WHERE action_id = ?
            """;

    /**
     * Leases up to N entries matching {@code condition} to one executor, oldest first, and bumps their lease token,
     * which fences every later write of earlier holders.
     */
    private static String claimWhere(String condition) {
        return """
                UPDATE queued_actions AS q
                   SET claimed_by = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                       lease_token = q.lease_token + 1
                 WHERE q.id IN (SELECT id
                                  FROM queued_actions
                                 WHERE %s
                                 ORDER BY id
                                 LIMIT ?
                                   FOR UPDATE SKIP LOCKED)
                RETURNING q.id, q.action_id, q.run_id, q.lease_token
                """.formatted(condition);
    }

    /** Leases claimable entries: pending, past their back-off, unleased or with an expired lease. */
    static final String CLAIM = claimWhere(
            "status = 0 AND not_before <= now() AND (claimed_by IS NULL OR lease_expires_at < now())");

    /**
     * Leases aborted entries whose holder stopped renewing (it died before stopping the work), so another
     * executor stops what may still run of them and removes them.
     */
    static final String CLAIM_ABANDONED_ABORTS = claimWhere("status = 1 AND lease_expires_at < now()");

    /**
     * Locks the entry if this executor still holds it (same holder and token) and returns its status: every write
     * an executor makes about an attempt first takes this lock, so a claim cannot slip in before it commits.
     */
    static final String LOCK_IF_HELD = """
            SELECT status
              FROM queued_actions
             WHERE id = ? AND claimed_by = ? AND lease_token = ?
               FOR UPDATE
            """;
    /** The entry's status if this executor still holds it (same holder and token), without locking it. */
    static final String STATUS_IF_HELD = """
            SELECT status
              FROM queued_actions
             WHERE id = ? AND claimed_by = ? AND lease_token = ?
            """;
    /** Extends the leases this executor still holds (same holder and token); returns them with their status. */
    static final String RENEW_LEASES_IF_HELD = """
            UPDATE queued_actions AS q
               SET lease_expires_at = now() + ? * interval '1 millisecond'
              FROM unnest(?::bigint[], ?::int[]) AS held(id, token)
             WHERE q.id = held.id AND q.lease_token = held.token AND q.claimed_by = ?
            RETURNING q.id, q.status
            """;

    /** Removes an entry whose action finished for good, if this executor still holds it. */
    static final String DELETE_IF_HELD = """
            DELETE FROM queued_actions
             WHERE id = ? AND claimed_by = ? AND lease_token = ?
            """;

    /** Hands an entry back for a retry after a back-off, if this executor still holds it. */
    static final String RELEASE_FOR_RETRY_IF_HELD = """
            UPDATE queued_actions
               SET claimed_by = NULL, lease_expires_at = NULL, not_before = now() + ? * interval '1 millisecond'
             WHERE id = ? AND claimed_by = ? AND lease_token = ? AND status = 0
            """;

    /** Pending entries and the age of the oldest, for queue metrics. */
    static final String QUEUE_DEPTH = """
            SELECT count(*), coalesce(extract(epoch FROM now() - min(enqueued_at)), 0)
              FROM queued_actions
             WHERE status = 0
            """;
}

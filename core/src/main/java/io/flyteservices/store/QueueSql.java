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
}

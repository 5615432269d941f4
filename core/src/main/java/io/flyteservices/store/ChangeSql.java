package io.flyteservices.store;

final class ChangeSql {

    private ChangeSql() {
    }

    /** The xmin of the current snapshot: every transaction with a lower xid has finished. */
    static final String SELECT_SNAPSHOT_XMIN = """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text
            """;

    /**
     * In one statement (so one snapshot): that snapshot's xmin, and up to N changes with xid at or above a
     * horizon and seq above a cursor, in seq order. The LEFT JOIN returns the xmin (with null columns) when
     * no change matches.
     */
    static final String SELECT_CHANGES_FROM_HORIZON = """
            WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
            SELECT s.xmin::text AS xmin, c.seq, c.xid::text AS xid, c.entity, c.run_id, c.action_id, c.changed_at
              FROM s
              LEFT JOIN changes c ON c.xid >= ?::xid8 AND c.seq > ?
             ORDER BY c.seq
             LIMIT ?
            """;

    /** Deletes changes older than a retention whose transaction lies below a reader's horizon. */
    static final String DELETE_CHANGES_OLDER_THAN = """
            DELETE FROM changes
             WHERE changed_at < now() - make_interval(secs => ?)
               AND xid < ?::xid8
            """;

    /** The server process of this connection (to find it in pg_stat_activity). */
    static final String SELECT_BACKEND_PID = """
            SELECT pg_backend_pid()
            """;

    /** Subscribes this session to the change notifications of the V4 trigger. */
    static final String LISTEN_CHANGES = """
            LISTEN flyte_changes
            """;
}

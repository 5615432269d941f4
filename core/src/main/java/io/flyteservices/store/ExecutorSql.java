package io.flyteservices.store;

final class ExecutorSql {

    private ExecutorSql() {
    }

    /** Registers an executor, or re-registers one that restarted under the same id. */
    static final String REGISTER = """
            INSERT INTO executors (id, host, started_at, last_heartbeat, running)
            VALUES (?, ?, now(), now(), 0)
            ON CONFLICT (id) DO UPDATE
               SET host = EXCLUDED.host, started_at = now(), last_heartbeat = now(), running = 0
            """;

    /** Records that an executor is alive and how many attempts it runs. */
    static final String HEARTBEAT = """
            UPDATE executors
               SET last_heartbeat = now(), running = ?
             WHERE id = ?
            """;

    /** Removes an executor that stopped cleanly. */
    static final String DEREGISTER = """
            DELETE FROM executors
             WHERE id = ?
            """;

    /** Removes executors silent for longer than the given interval: they are gone, and their leases with them. */
    static final String DELETE_SILENT = """
            DELETE FROM executors
             WHERE last_heartbeat < now() - ? * interval '1 millisecond'
            """;

    /** Every registered executor, the oldest first. */
    static final String SELECT_ALL = """
            SELECT id, host, started_at, last_heartbeat, running
              FROM executors
             ORDER BY started_at, id
            """;
}

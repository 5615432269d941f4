package io.flyteservices.store;

final class StateSql {

    private StateSql() {
    }

    /** Stores an action's state (JSON text), replacing the previous one and bumping its version; returns it. */
    static final String UPSERT_STATE = """
            INSERT INTO action_states AS s (action_id, state)
            VALUES (?, ?::jsonb)
            ON CONFLICT (action_id) DO UPDATE
               SET state = EXCLUDED.state, version = s.version + 1, updated_at = now()
            RETURNING s.version
            """;

    /** The stored state of an action, found by its run identity and name, as JSON text. */
    static final String SELECT_STATE_BY_ACTION_KEY = """
            SELECT s.state::text
              FROM action_states s
              JOIN actions a ON a.id = s.action_id
              JOIN runs r ON r.id = a.run_id
             WHERE r.org = ? AND r.project = ? AND r.domain = ? AND r.name = ? AND a.name = ?
            """;
}

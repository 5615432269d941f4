package io.flyteservices.store;

final class AttemptSql {

    private AttemptSql() {
    }

    /** Attempts of an action, oldest first. */
    static final String SELECT_ATTEMPTS_OF_ACTION = """
            SELECT action_id, attempt, phase, started_at, ended_at, error_kind, error_message, log_info,
                   logs_available, output_uri, report_uri, cache_status, cluster, log_context
              FROM action_attempts
             WHERE action_id = ?
             ORDER BY attempt
            """;

    /** Phase transitions of an action's attempts, in the order they happened. */
    static final String SELECT_TRANSITIONS_OF_ACTION = """
            SELECT action_id, attempt, phase, started_at, ended_at
              FROM phase_transitions
             WHERE action_id = ?
             ORDER BY attempt, id
            """;

    /** Cluster events of an action's attempts, in the order they were recorded. */
    static final String SELECT_CLUSTER_EVENTS_OF_ACTION = """
            SELECT action_id, attempt, occurred_at, message
              FROM cluster_events
             WHERE action_id = ?
             ORDER BY attempt, id
            """;

    /**
     * Ends the active attempts (phase <= ?) of the given actions as ABORTED: closes their open phase
     * transition and opens the ABORTED one, in one statement.
     */
    static final String ABORT_ACTIVE_ATTEMPTS = """
            WITH aborted AS (
                UPDATE action_attempts
                   SET phase = ?, ended_at = now(), updated_at = now()
                 WHERE action_id = ANY(?) AND phase <= ?
                RETURNING action_id, attempt
            ), closed AS (
                UPDATE phase_transitions t
                   SET ended_at = now()
                  FROM aborted x
                 WHERE t.action_id = x.action_id AND t.attempt = x.attempt AND t.ended_at IS NULL
            )
            INSERT INTO phase_transitions (action_id, attempt, phase, started_at)
            SELECT action_id, attempt, ?, now() FROM aborted
            """;

    /** Records an attempt that finished before it was reported (a trace), with its one phase transition. */
    static final String INSERT_FINISHED_ATTEMPT = """
            WITH attempt AS (
                INSERT INTO action_attempts (action_id, attempt, phase, started_at, ended_at, output_uri,
                                             report_uri)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                RETURNING action_id, attempt, phase, started_at
            )
            INSERT INTO phase_transitions (action_id, attempt, phase, started_at)
            SELECT action_id, attempt, phase, started_at FROM attempt
            """;

    /**
     * Records a reported phase of one attempt: inserts the attempt, or moves it forward (its phase < the new one
     * and still active: phase <= ?), keeping the stored output URI, logs and executor when none are reported; then
     * closes the attempt's open phase transition and opens the new one. Writes no transition when the attempt did
     * not move.
     */
    static final String RECORD_ATTEMPT_PHASE_IF_FORWARD = """
            WITH attempt AS (
                INSERT INTO action_attempts AS t (action_id, attempt, phase, ended_at, output_uri, error_kind,
                                                  error_message, log_info, logs_available, executor_id)
                VALUES (?, ?, ?, CASE WHEN ?::boolean THEN now() END, ?, ?, ?, coalesce(?::bytea[], '{}'),
                        false, ?)
                ON CONFLICT ON CONSTRAINT action_attempts_key DO UPDATE
                   SET phase = EXCLUDED.phase, ended_at = EXCLUDED.ended_at,
                       output_uri = coalesce(EXCLUDED.output_uri, t.output_uri),
                       error_kind = EXCLUDED.error_kind, error_message = EXCLUDED.error_message,
                       log_info = coalesce(?::bytea[], t.log_info),
                       executor_id = coalesce(EXCLUDED.executor_id, t.executor_id), updated_at = now()
                 WHERE t.phase < EXCLUDED.phase
                   AND t.phase <= ?
                RETURNING t.action_id, t.attempt, t.phase
            ), closed AS (
                UPDATE phase_transitions p
                   SET ended_at = now()
                  FROM attempt x
                 WHERE p.action_id = x.action_id AND p.attempt = x.attempt AND p.ended_at IS NULL
            )
            INSERT INTO phase_transitions (action_id, attempt, phase, started_at)
            SELECT action_id, attempt, phase, now() FROM attempt
            """;

    /** Appends one cluster event to an attempt. */
    static final String INSERT_CLUSTER_EVENT = """
            INSERT INTO cluster_events (action_id, attempt, occurred_at, message)
            VALUES (?, ?, ?, ?)
            """;
}

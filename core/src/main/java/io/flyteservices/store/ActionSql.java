package io.flyteservices.store;

final class ActionSql {

    private ActionSql() {
    }

    /** Columns of an {@link ActionRow}, on alias {@code a}. */
    static final String ACTION_COLUMNS = """
            a.id, a.run_id, a.org, a.project, a.domain, a.run_name, a.name, a.parent_name, a.group_name,
            a.action_type, a.phase, a.attempts, a.cache_status, a.spec, a.input_uri, a.run_output_base,
            a.cluster, a.executed_by, a.error_kind, a.error_message, a.abort_reason, a.aborted_by,
            a.created_at, a.updated_at, a.ended_at, a.version""";

    /** The columns an insert of an action sets, its run id first. */
    private static final String INSERT_COLUMNS = """
            INSERT INTO actions AS a (run_id, org, project, domain, run_name, name, parent_name, group_name,
                                      action_type, phase, attempts, task_org, task_project, task_domain, task_name,
                                      task_version, task_type, short_name, spec, input_uri, run_output_base,
                                      cluster, executed_by, ended_at)
            """;

    /** The values of those columns after the run id, as {@link ActionStore} binds them. */
    private static final String VALUES_AFTER_RUN_ID =
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private static final String ON_DUPLICATE_NAME = "ON CONFLICT ON CONSTRAINT actions_run_name_key DO NOTHING\n";

    /** Inserts an action unless its name is taken in the run; returns nothing for a duplicate. */
    static final String INSERT_ACTION_IF_ABSENT = INSERT_COLUMNS + "VALUES (?, " + VALUES_AFTER_RUN_ID + ")\n"
            + ON_DUPLICATE_NAME + "RETURNING id\n";

    /** Inserts the queue entry of each action {@code inserted} returns, and answers those actions. */
    private static final String QUEUE_INSERTED = """
            ), entry AS (
                INSERT INTO queued_actions (action_id, run_id)
                SELECT id, run_id FROM inserted
            )
            SELECT * FROM inserted
            """;

    /**
     * Inserts an action and its queue entry in one statement (one round trip instead of three with the re-read)
     * unless its name is taken in the run; returns the inserted row, no row for a duplicate.
     */
    static final String INSERT_QUEUED_ACTION_IF_ABSENT = "WITH inserted AS (\n" + INSERT_COLUMNS
            + "VALUES (?, " + VALUES_AFTER_RUN_ID + ")\n" + ON_DUPLICATE_NAME + "RETURNING " + ACTION_COLUMNS
            + QUEUE_INSERTED;

    /**
     * Inserts a run, its root action and the root's queue entry in one statement unless the run's name is taken:
     * returns the root action, no row when the run exists (then nothing is written). Binds the run's columns
     * ({@link RunSql#INSERT_RUN_IF_ABSENT}'s), then the action's after its run id.
     */
    static final String INSERT_RUN_WITH_QUEUED_ROOT = "WITH run AS (\n"
            + RunSql.INSERT_RUN_IF_ABSENT + "), inserted AS (\n" + INSERT_COLUMNS
            + "SELECT run.id, " + VALUES_AFTER_RUN_ID + " FROM run\n" + ON_DUPLICATE_NAME + "RETURNING "
            + ACTION_COLUMNS + QUEUE_INSERTED;

    /** Finds an action by its run identity and name. */
    static final String SELECT_ACTION_BY_KEY = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
              JOIN runs r ON r.id = a.run_id
             WHERE r.org = ? AND r.project = ? AND r.domain = ? AND r.name = ? AND a.name = ?
            """;

    /** Finds an action by id. */
    static final String SELECT_ACTION_BY_ID = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
             WHERE a.id = ?
            """;

    /** Finds an action by id and locks its row as an UPDATE would (see SELECT_ACTION_BY_KEY_FOR_UPDATE). */
    static final String SELECT_ACTION_BY_ID_FOR_UPDATE = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
             WHERE a.id = ?
               FOR NO KEY UPDATE
            """;

    /** Prefix of a listing; the caller appends an allow-listed WHERE / ORDER BY / LIMIT. */
    static final String SELECT_ACTIONS = "SELECT " + ACTION_COLUMNS + "\n  FROM actions a\n";

    /** The spec of the newest action that ran the given task version, for CreateRun by task id. */
    static final String SELECT_SPEC_BY_TASK = """
            SELECT a.spec
              FROM actions a
             WHERE a.task_org = ? AND a.task_project = ? AND a.task_domain = ? AND a.task_name = ?
               AND a.task_version = ?
             ORDER BY a.id DESC
             LIMIT 1
            """;

    /**
     * Aborts an action and its descendants that are still active (phase <= ?), recording reason and
     * principal; returns the ids it changed.
     */
    static final String ABORT_SUBTREE_IF_ACTIVE = """
            WITH RECURSIVE subtree AS (
                SELECT id, name FROM actions WHERE run_id = ? AND name = ?
                UNION ALL
                SELECT c.id, c.name FROM actions c JOIN subtree s ON c.run_id = ? AND c.parent_name = s.name
            )
            UPDATE actions a
               SET phase = ?, abort_reason = ?, aborted_by = ?, ended_at = now(), updated_at = now(),
                   version = a.version + 1
             WHERE a.id IN (SELECT id FROM subtree)
               AND a.phase <= ?
            RETURNING a.id
            """;

    /** Aborts every action of a run still active (phase <= ?); returns the ids it changed. */
    static final String ABORT_RUN_IF_ACTIVE = """
            UPDATE actions a
               SET phase = ?, abort_reason = ?, aborted_by = ?, ended_at = now(), updated_at = now(),
                   version = a.version + 1
             WHERE a.run_id = ?
               AND a.phase <= ?
            RETURNING a.id
            """;

    /**
     * Reads an action's phase and locks the row against aborts (FOR SHARE): enqueueing under a run locks its
     * root this way, aborting locks the root FOR UPDATE, so the two never interleave.
     */
    static final String LOCK_ACTION_FOR_SHARE = """
            SELECT phase FROM actions WHERE run_id = ? AND name = ? FOR SHARE
            """;

    /** Locks an action row for an abort (see {@link #LOCK_ACTION_FOR_SHARE}). */
    static final String LOCK_ACTION_FOR_UPDATE = """
            SELECT phase FROM actions WHERE run_id = ? AND name = ? FOR UPDATE
            """;

    /** Every action of a run, in creation order (parents before their children). */
    static final String SELECT_ACTIONS_OF_RUN = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
             WHERE a.run_id = ?
             ORDER BY a.id
            """;

    /** The root action of a run. */
    static final String SELECT_ROOT_OF_RUN = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
             WHERE a.run_id = ? AND a.parent_name IS NULL
            """;

    /**
     * Finds an action by its run identity and name and locks its row as an UPDATE would (FOR NO KEY UPDATE), so a
     * status decided on this row cannot be overtaken before it is written; aborts and enqueues under it wait.
     */
    static final String SELECT_ACTION_BY_KEY_FOR_UPDATE = "SELECT " + ACTION_COLUMNS + """

              FROM actions a
              JOIN runs r ON r.id = a.run_id
             WHERE r.org = ? AND r.project = ? AND r.domain = ? AND r.name = ? AND a.name = ?
               FOR NO KEY UPDATE OF a
            """;

    /**
     * Records a reported status (phase, attempt count, error, end time) if the row is still the version the
     * decision was made on (version = ?) and still active (phase <= ?).
     */
    static final String RECORD_STATUS_IF_UNCHANGED_AND_ACTIVE = """
            UPDATE actions a
               SET phase = ?, attempts = ?, error_kind = ?, error_message = ?,
                   ended_at = CASE WHEN ?::boolean THEN now() END, updated_at = now(), version = a.version + 1
             WHERE a.id = ?
               AND a.version = ?
               AND a.phase <= ?
            """;
}

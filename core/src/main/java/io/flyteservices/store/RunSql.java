package io.flyteservices.store;

final class RunSql {

    private RunSql() {
    }

    /** Inserts a run unless one with the same identity exists; returns nothing for a duplicate. */
    static final String INSERT_RUN_IF_ABSENT = """
            INSERT INTO runs (org, project, domain, name, run_spec, inputs_uri, run_output_base, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT runs_identity_key DO NOTHING
            RETURNING id, created_at
            """;

    /** Finds a run by its identity. */
    static final String SELECT_RUN_BY_KEY = """
            SELECT id, org, project, domain, name, run_spec, inputs_uri, run_output_base, source, created_at
              FROM runs
             WHERE org = ? AND project = ? AND domain = ? AND name = ?
            """;

    /** Finds a run by id. */
    static final String SELECT_RUN_BY_ID = """
            SELECT id, org, project, domain, name, run_spec, inputs_uri, run_output_base, source, created_at
              FROM runs
             WHERE id = ?
            """;
}

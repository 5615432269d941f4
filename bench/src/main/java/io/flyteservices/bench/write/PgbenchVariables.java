package io.flyteservices.bench.write;

import io.flyteservices.bench.harness.BenchPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code -D} values of the pgbench scripts, read back from rows the service itself wrote, so pgbench inserts
 * rows of the same sizes and values (spec bytes, task columns, URIs).
 */
public final class PgbenchVariables {

    private PgbenchVariables() {
    }

    /** For createrun.sql, from a run created through CreateRun (and its root action). */
    public static Map<String, String> ofRun(BenchPostgres postgres, long runId) throws SQLException {
        Map<String, String> vars = new LinkedHashMap<>();
        try (Connection c = postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT r.project, r.domain, r.name, encode(r.run_spec, 'hex'), r.run_output_base
                       FROM runs r WHERE r.id = ?""")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                vars.put("project", rs.getString(1));
                vars.put("domain", rs.getString(2));
                vars.put("run_spec", "\\x" + rs.getString(4));  // bytea input syntax
                String base = rs.getString(5);
                // <prefix><name>/: pgbench appends its own run name
                vars.put("prefix", base.substring(0, base.length() - rs.getString(3).length() - 1));
            }
        }
        vars.putAll(action(postgres, "run_id = ? AND name = 'a0'", runId));
        vars.remove("input_uri");
        vars.remove("run_output_base");
        return vars;
    }

    /** For enqueue.sql, from a child action enqueued through EnqueueAction, and the runs to pick from. */
    public static Map<String, String> ofChild(BenchPostgres postgres, long actionId, long firstRun, long lastRun)
            throws SQLException {
        Map<String, String> vars = action(postgres, "id = ?", actionId);
        vars.put("first_run", String.valueOf(firstRun));
        vars.put("last_run", String.valueOf(lastRun));
        return vars;
    }

    private static Map<String, String> action(BenchPostgres postgres, String where, long key) throws SQLException {
        Map<String, String> vars = new LinkedHashMap<>();
        try (Connection c = postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT action_type, phase, task_org, task_project, task_domain, task_name, task_version,
                            task_type, short_name, encode(spec, 'hex'), input_uri, run_output_base
                       FROM actions
                      WHERE\s""" + where)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no action where " + where + " (" + key + ")");
                }
                String[] names = {"action_type", "phase", "task_org", "task_project", "task_domain", "task_name",
                        "task_version", "task_type", "short_name", "spec", "input_uri", "run_output_base"};
                for (int i = 0; i < names.length; i++) {
                    vars.put(names[i], rs.getString(i + 1));
                }
                vars.put("spec", "\\x" + vars.get("spec"));  // bytea input syntax
            }
        }
        return vars;
    }
}

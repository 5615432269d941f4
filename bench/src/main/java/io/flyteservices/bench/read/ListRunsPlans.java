package io.flyteservices.bench.read;

import flyteidl2.workflow.Phase;
import io.flyteservices.bench.harness.BenchPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EXPLAIN ANALYZE of the statements ListRuns sends for the measured shapes, written as core's ListQuery writes them
 * (SELECT of the action columns FROM actions a WHERE scope [AND filter] [AND (keys, id) < token] ORDER BY a.created_at DESC,
 * a.id DESC LIMIT 51), values inlined. A token page halfway through the project's runs shows how keyset paging scales.
 */
public final class ListRunsPlans {

    private static final String SELECT = """
            SELECT a.id, a.run_id, a.org, a.project, a.domain, a.run_name, a.name, a.parent_name, a.group_name,
                   a.action_type, a.phase, a.attempts, a.cache_status, a.spec, a.input_uri, a.run_output_base,
                   a.cluster, a.executed_by, a.error_kind, a.error_message, a.abort_reason, a.aborted_by,
                   a.created_at, a.updated_at, a.ended_at, a.version
              FROM actions a
            """;
    private static final String PROJECT = "a.parent_name IS NULL AND a.org = 'acme' AND a.project = 'proj-1'"
            + " AND a.domain = 'development'";
    private static final String ORDER = "\nORDER BY a.created_at DESC, a.id DESC\nLIMIT 51";

    /** One plan: the shape, the statement, its plan text and execution time. */
    public record Plan(String shape, String sql, List<String> lines, double executionMillis) {
        /** The plan's first scan node, e.g. "Index Scan using actions_root_project_idx on actions a". */
        public String scan() {
            return lines.stream().map(String::strip).map(l -> l.startsWith("->") ? l.substring(2).strip() : l)
                    .filter(l -> l.contains("Scan")).findFirst().map(l -> l.replaceAll("\\s*\\(cost.*", ""))
                    .orElse("?");
        }

        public long rowsRemoved() {
            return lines.stream().filter(l -> l.contains("Rows Removed by Filter"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll(".*Rows Removed by Filter: (\\d+).*", "$1"))).sum();
        }
    }

    private ListRunsPlans() {
    }

    public static List<Plan> explain(BenchPostgres postgres) throws SQLException {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("ListRuns project", PROJECT);
        shapes.put("ListRuns project phase=FAILED", PROJECT + " AND a.phase = " + Phase.PHASE_FAILED_VALUE);
        shapes.put("ListRuns project phase in (RUNNING,QUEUED)", PROJECT + " AND a.phase = ANY('{"
                + Phase.PHASE_RUNNING_VALUE + "," + Phase.PHASE_QUEUED_VALUE + "}'::int4[])");
        shapes.put("ListRuns project phase=ABORTED (none seeded)", PROJECT + " AND a.phase = "
                + Phase.PHASE_ABORTED_VALUE);
        shapes.put("ListRuns org", "a.parent_name IS NULL AND a.org = 'acme'");
        List<Plan> plans = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            long middle;
            try (ResultSet rs = s.executeQuery("SELECT count(*) / 2 FROM actions a WHERE " + PROJECT)) {
                rs.next();
                middle = rs.getLong(1);
            }
            String deep;
            try (ResultSet rs = s.executeQuery("SELECT a.created_at, a.id FROM actions a WHERE " + PROJECT + ORDER
                    .replace("LIMIT 51", "OFFSET " + middle + " LIMIT 1"))) {
                rs.next();
                deep = " AND (a.created_at, a.id) < ('" + rs.getString(1) + "'::timestamptz, " + rs.getLong(2) + ")";
            }
            shapes.put("ListRuns project, page by token after " + middle + " rows", PROJECT + deep);
            for (var shape : shapes.entrySet()) {
                String sql = SELECT + "WHERE " + shape.getValue() + ORDER;
                s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql).close();  // warm the cache
                List<String> lines = new ArrayList<>();
                double millis = Double.NaN;
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                    while (rs.next()) {
                        String line = rs.getString(1);
                        lines.add(line);
                        if (line.startsWith("Execution Time:")) {
                            millis = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
                        }
                    }
                }
                plans.add(new Plan(shape.getKey(), sql, lines, millis));
            }
        }
        return plans;
    }
}

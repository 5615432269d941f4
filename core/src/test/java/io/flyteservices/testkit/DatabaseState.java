package io.flyteservices.testkit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fingerprint of everything a request could change: row counts of every table and the change feed's last
 * sequence number (every insert or update of a watched row appends to it). Equal fingerprints before and after
 * a rejected request show it changed nothing.
 */
public record DatabaseState(Map<String, Long> counts) {

    private static final String[] TABLES = {"runs", "actions", "action_attempts", "phase_transitions",
            "cluster_events", "action_states", "queued_actions", "changes"};

    public static DatabaseState capture(DataSource dataSource) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM changes")) {
                rs.next();
                counts.put("changes.max_seq", rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(version), 0) FROM actions")) {
                rs.next();
                counts.put("actions.versions", rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot capture database state", e);
        }
        return new DatabaseState(counts);
    }
}

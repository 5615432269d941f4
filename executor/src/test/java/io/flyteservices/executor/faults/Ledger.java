package io.flyteservices.executor.faults;

import flyteidl2.workflow.Phase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs one load created (in a project of its own), when, and the final phase each must reach; checked against the
 * database: a run created but missing or not final is lost, an action with more than one successful attempt is a
 * duplicated completion, a run final in another phase than expected went wrong.
 */
final class Ledger {

    /** One created run: when CreateRun (or a retry of it) was answered, and the phase it must end in. */
    record Entry(long createdAtNanos, Phase expected) {
    }

    /** What the database says about the ledger's runs. */
    record Outcome(int created, int finished, List<String> lost, List<String> duplicated, List<String> wrongPhase) {
        boolean done() {
            return lost.isEmpty();
        }
    }

    private final String project;
    private final Map<String, Entry> runs = new ConcurrentHashMap<>();

    Ledger(String project) {
        this.project = project;
    }

    String project() {
        return project;
    }

    void created(String run, Phase expected) {
        runs.putIfAbsent(run, new Entry(System.nanoTime(), expected));
    }

    Map<String, Entry> runs() {
        return Map.copyOf(runs);
    }

    int size() {
        return runs.size();
    }

    Outcome check(DatabaseServer database) throws SQLException {
        Map<String, Entry> expected = runs();
        List<String> lost = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> phases = new java.util.HashMap<>();
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.name, a.name, a.phase,
                       (SELECT count(*) FROM action_attempts t WHERE t.action_id = a.id AND t.phase = ?)
                  FROM runs r JOIN actions a ON a.run_id = r.id
                 WHERE r.project = ?""")) {
            ps.setInt(1, Phase.PHASE_SUCCEEDED_VALUE);
            ps.setString(2, project);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String run = rs.getString(1);
                    String action = run + "/" + rs.getString(2);
                    int phase = rs.getInt(3);
                    // A run counts by its least advanced action: final only when all are.
                    phases.merge(run, phase, (a, b) -> terminal(a) ? b : a);
                    if (rs.getInt(4) > 1) {
                        duplicated.add(action + " succeeded " + rs.getInt(4) + " times");
                    }
                }
            }
        }
        int finished = 0;
        for (var e : expected.entrySet()) {
            Integer phase = phases.get(e.getKey());
            if (phase == null || !terminal(phase)) {
                lost.add(e.getKey() + (phase == null ? " missing" : " in phase " + Phase.forNumber(phase)));
            } else {
                finished++;
                if (phase != e.getValue().expected().getNumber()) {
                    wrong.add(e.getKey() + " ended " + Phase.forNumber(phase) + ", expected " + e.getValue().expected());
                }
            }
        }
        return new Outcome(expected.size(), finished, lost, duplicated, wrong);
    }

    static boolean terminal(int phase) {
        return phase >= Phase.PHASE_SUCCEEDED_VALUE;
    }
}

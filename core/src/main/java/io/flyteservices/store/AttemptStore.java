package io.flyteservices.store;

import flyteidl2.workflow.Phase;
import io.flyteservices.phase.PhaseRules;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads and writes {@code action_attempts}, {@code phase_transitions} and {@code cluster_events}. */
@Singleton
public final class AttemptStore {

    /** The attempts of one action, oldest first. */
    public List<AttemptRow> attemptsOf(Connection c, long actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.SELECT_ATTEMPTS_OF_ACTION)) {
            ps.setLong(1, actionId);
            List<AttemptRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AttemptRow(rs.getLong("action_id"), rs.getInt("attempt"), rs.getInt("phase"),
                            Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at"),
                            Rows.nullableInt(rs, "error_kind"), rs.getString("error_message"),
                            byteArrays(rs.getArray("log_info")), rs.getBoolean("logs_available"),
                            rs.getString("output_uri"), rs.getString("report_uri"), rs.getInt("cache_status"),
                            rs.getString("cluster"), rs.getBytes("log_context")));
                }
            }
            return rows;
        }
    }

    /** The phase transitions of one action, by attempt, in order. */
    public List<TransitionRow> transitionsOf(Connection c, long actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.SELECT_TRANSITIONS_OF_ACTION)) {
            ps.setLong(1, actionId);
            List<TransitionRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TransitionRow(rs.getLong("action_id"), rs.getInt("attempt"), rs.getInt("phase"),
                            Rows.instant(rs, "started_at"), Rows.instant(rs, "ended_at")));
                }
            }
            return rows;
        }
    }

    /** The cluster events of one action, by attempt, in order. */
    public List<ClusterEventRow> clusterEventsOf(Connection c, long actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.SELECT_CLUSTER_EVENTS_OF_ACTION)) {
            ps.setLong(1, actionId);
            List<ClusterEventRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ClusterEventRow(rs.getLong("action_id"), rs.getInt("attempt"),
                            Rows.instant(rs, "occurred_at"), rs.getString("message")));
                }
            }
            return rows;
        }
    }

    /** Ends the still-active attempts of these actions as ABORTED (guard: attempt phase is active). */
    public int abortActiveAttempts(Connection c, List<Long> actionIds) throws SQLException {
        if (actionIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.ABORT_ACTIVE_ATTEMPTS)) {
            ps.setInt(1, Phase.PHASE_ABORTED_VALUE);
            ps.setArray(2, c.createArrayOf("int8", actionIds.toArray(Long[]::new)));
            ps.setInt(3, PhaseRules.LAST_ACTIVE);
            ps.setInt(4, Phase.PHASE_ABORTED_VALUE);
            return ps.executeUpdate();
        }
    }

    private static List<byte[]> byteArrays(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> (byte[]) v).toList();
    }

    /** Inserts an attempt that is already finished, with its terminal phase transition. */
    public void insertFinished(Connection c, long actionId, int attempt, int phase, Instant startedAt,
                               Instant endedAt, String outputUri, String reportUri) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.INSERT_FINISHED_ATTEMPT)) {
            ps.setLong(1, actionId);
            ps.setInt(2, attempt);
            ps.setInt(3, phase);
            Rows.setInstant(ps, 4, startedAt);
            Rows.setInstant(ps, 5, endedAt);
            ps.setString(6, outputUri);
            ps.setString(7, reportUri);
            ps.executeUpdate();
        }
    }

    /**
     * Records a reported phase of an attempt: creates it, or moves it forward (guard: its phase is lower than the
     * new one and still active), with {@code ended_at} when terminal; closes its open phase transition and opens the
     * new phase. Returns whether it applied.
     */
    public boolean recordPhaseIfForward(Connection c, AttemptPhase p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.RECORD_ATTEMPT_PHASE_IF_FORWARD)) {
            Array logs = p.logs() == null ? null : c.createArrayOf("bytea", p.logs().toArray(new byte[0][]));
            ps.setLong(1, p.actionId());
            ps.setInt(2, p.attempt());
            ps.setInt(3, p.phase());
            ps.setBoolean(4, p.terminal());
            ps.setString(5, p.outputUri());
            Rows.setNullableInt(ps, 6, p.errorKind());
            ps.setString(7, p.errorMessage());
            ps.setArray(8, logs);
            ps.setString(9, p.executorId());
            ps.setArray(10, logs);
            ps.setInt(11, PhaseRules.LAST_ACTIVE);
            return ps.executeUpdate() == 1;
        }
    }

    /** Appends a cluster event (something the platform reported) to an attempt. */
    public void insertClusterEvent(Connection c, long actionId, int attempt, Instant occurredAt, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(AttemptSql.INSERT_CLUSTER_EVENT)) {
            ps.setLong(1, actionId);
            ps.setInt(2, attempt);
            Rows.setInstant(ps, 3, occurredAt);
            ps.setString(4, message);
            ps.executeUpdate();
        }
    }
}

package io.flyteservices.store;

import flyteidl2.workflow.Phase;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.phase.PhaseRules;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code actions}. Callers provide the connection (and so the transaction). */
@Singleton
public final class ActionStore {

    /** Inserts the action unless its name is taken in the run; returns its id, or empty for a duplicate. */
    public Optional<Long> insertIfAbsent(Connection c, NewAction a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.INSERT_ACTION_IF_ABSENT)) {
            bindNew(ps, a);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts the action and its queue entry, unless its name is taken in the run; returns the inserted row, or
     * empty (and nothing written) for a duplicate.
     */
    public Optional<ActionRow> insertQueuedIfAbsent(Connection c, NewAction a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.INSERT_QUEUED_ACTION_IF_ABSENT)) {
            bindNew(ps, a);
            return first(ps);
        }
    }

    /**
     * Inserts a run, its root action and the root's queue entry in one statement, unless the run's name is taken;
     * returns the root action, or empty (and nothing written) when the run exists. {@code root.runId()} is not
     * used: the root gets the new run's id.
     */
    public Optional<ActionRow> insertRunWithQueuedRoot(Connection c, NewRun run, NewAction root)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.INSERT_RUN_WITH_QUEUED_ROOT)) {
            int i = RunStore.bindNew(ps, run);
            bindAfterRunId(ps, i, root);
            return first(ps);
        }
    }

    private static void bindNew(PreparedStatement ps, NewAction a) throws SQLException {
        ps.setLong(1, a.runId());
        bindAfterRunId(ps, 2, a);
    }

    private static void bindAfterRunId(PreparedStatement ps, int first, NewAction a) throws SQLException {
        int i = Rows.bindRunKey(ps, first, a.key().run());
        ps.setString(i++, a.key().name());
        ps.setString(i++, a.parentName());
        ps.setString(i++, a.group());
        ps.setInt(i++, a.actionType());
        ps.setInt(i++, a.phase());
        ps.setInt(i++, a.attempts());
        NewAction.TaskColumns t = a.task();
        ps.setString(i++, t.org());
        ps.setString(i++, t.project());
        ps.setString(i++, t.domain());
        ps.setString(i++, t.name());
        ps.setString(i++, t.version());
        ps.setString(i++, t.type());
        ps.setString(i++, a.shortName());
        ps.setBytes(i++, a.spec());
        ps.setString(i++, a.inputUri());
        ps.setString(i++, a.runOutputBase());
        ps.setString(i++, a.cluster());
        ps.setBytes(i++, a.executedBy());
        Rows.setInstant(ps, i, a.endedAt());
    }

    /** Finds an action by run identity and name. */
    public Optional<ActionRow> findByKey(Connection c, ActionKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTION_BY_KEY)) {
            int i = Rows.bindRunKey(ps, 1, key.run());
            ps.setString(i, key.name());
            return first(ps);
        }
    }

    /** Finds an action by id. */
    public Optional<ActionRow> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTION_BY_ID)) {
            ps.setLong(1, id);
            return first(ps);
        }
    }

    /** Lists actions matching an allow-listed {@code WHERE ... ORDER BY ... LIMIT ...} fragment. */
    public List<ActionRow> list(Connection c, Query filterOrderLimit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTIONS + filterOrderLimit.sql())) {
            filterOrderLimit.bind(c, ps, 1);
            List<ActionRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
            return rows;
        }
    }

    /** The stored ActionSpec of the newest action that ran this task version, if any. */
    public Optional<byte[]> findSpecByTask(Connection c, String org, String project, String domain, String name,
                                           String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_SPEC_BY_TASK)) {
            ps.setString(1, org);
            ps.setString(2, project);
            ps.setString(3, domain);
            ps.setString(4, name);
            ps.setString(5, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * Sets ABORTED on the action named {@code actionName} and on every descendant, guarded to active
     * actions only. Returns the ids that changed (empty when all were already terminal).
     */
    public List<Long> abortSubtreeIfActive(Connection c, long runId, String actionName, String reason,
                                           byte[] abortedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.ABORT_SUBTREE_IF_ACTIVE)) {
            ps.setLong(1, runId);
            ps.setString(2, actionName);
            ps.setLong(3, runId);
            ps.setInt(4, Phase.PHASE_ABORTED_VALUE);
            ps.setString(5, reason);
            setBytesOrNull(ps, 6, abortedBy);
            ps.setInt(7, PhaseRules.LAST_ACTIVE);
            return ids(ps);
        }
    }

    /** Sets ABORTED on every active action of a run. Returns the ids that changed. */
    public List<Long> abortRunIfActive(Connection c, long runId, String reason, byte[] abortedBy)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.ABORT_RUN_IF_ACTIVE)) {
            ps.setInt(1, Phase.PHASE_ABORTED_VALUE);
            ps.setString(2, reason);
            setBytesOrNull(ps, 3, abortedBy);
            ps.setLong(4, runId);
            ps.setInt(5, PhaseRules.LAST_ACTIVE);
            return ids(ps);
        }
    }

    private static void setBytesOrNull(PreparedStatement ps, int index, byte[] value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, value);
        }
    }

    private static List<Long> ids(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static Optional<ActionRow> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static ActionRow map(ResultSet rs) throws SQLException {
        RunKey run = new RunKey(rs.getString("org"), rs.getString("project"), rs.getString("domain"),
                rs.getString("run_name"));
        return new ActionRow(
                rs.getLong("id"),
                rs.getLong("run_id"),
                new ActionKey(run, rs.getString("name")),
                rs.getString("parent_name"),
                rs.getString("group_name"),
                rs.getInt("action_type"),
                rs.getInt("phase"),
                rs.getInt("attempts"),
                rs.getInt("cache_status"),
                rs.getBytes("spec"),
                rs.getString("input_uri"),
                rs.getString("run_output_base"),
                rs.getString("cluster"),
                rs.getBytes("executed_by"),
                Rows.nullableInt(rs, "error_kind"),
                rs.getString("error_message"),
                rs.getString("abort_reason"),
                rs.getBytes("aborted_by"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"),
                Rows.instant(rs, "ended_at"),
                rs.getInt("version"));
    }

    /** Locks the action row FOR SHARE and returns its phase, or empty if it does not exist. */
    public Optional<Integer> lockForShare(Connection c, long runId, String name) throws SQLException {
        return lockedPhase(c, ActionSql.LOCK_ACTION_FOR_SHARE, runId, name);
    }

    /** Locks the action row FOR UPDATE and returns its phase, or empty if it does not exist. */
    public Optional<Integer> lockForUpdate(Connection c, long runId, String name) throws SQLException {
        return lockedPhase(c, ActionSql.LOCK_ACTION_FOR_UPDATE, runId, name);
    }

    private static Optional<Integer> lockedPhase(Connection c, String sql, long runId, String name)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** Every action of a run, in creation order. */
    public List<ActionRow> listOfRun(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTIONS_OF_RUN)) {
            ps.setLong(1, runId);
            List<ActionRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
            return rows;
        }
    }

    /** The root action of a run, if the run exists. */
    public Optional<ActionRow> findRootOfRun(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ROOT_OF_RUN)) {
            ps.setLong(1, runId);
            return first(ps);
        }
    }

    /**
     * Finds an action by run identity and name and locks the row until the transaction ends (FOR NO KEY UPDATE):
     * the read for a status write, so no other writer changes the action between decision and update.
     */
    public Optional<ActionRow> findByKeyForUpdate(Connection c, ActionKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTION_BY_KEY_FOR_UPDATE)) {
            int i = Rows.bindRunKey(ps, 1, key.run());
            ps.setString(i, key.name());
            return first(ps);
        }
    }

    /** Finds an action by id and locks the row until the transaction ends, like {@link #findByKeyForUpdate}. */
    public Optional<ActionRow> findByIdForUpdate(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.SELECT_ACTION_BY_ID_FOR_UPDATE)) {
            ps.setLong(1, id);
            return first(ps);
        }
    }

    /**
     * Sets the action's phase, attempt count and error ({@code errorKind}/{@code errorMessage} may be null), and
     * {@code ended_at} when {@code terminal}; guarded: only if the row still has {@code expectedVersion} and an
     * active phase. Returns whether it applied. Bumps the version.
     */
    public boolean recordStatusIfUnchangedAndActive(Connection c, long actionId, int expectedVersion, int phase,
                                                    int attempts, boolean terminal, Integer errorKind,
                                                    String errorMessage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ActionSql.RECORD_STATUS_IF_UNCHANGED_AND_ACTIVE)) {
            ps.setInt(1, phase);
            ps.setInt(2, attempts);
            Rows.setNullableInt(ps, 3, errorKind);
            ps.setString(4, errorMessage);
            ps.setBoolean(5, terminal);
            ps.setLong(6, actionId);
            ps.setInt(7, expectedVersion);
            ps.setInt(8, PhaseRules.LAST_ACTIVE);
            return ps.executeUpdate() == 1;
        }
    }
}

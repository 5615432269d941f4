package io.flyteservices.store;

import io.flyteservices.model.ActionKey;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads and writes {@code action_states}: the latest state (NodeStatus JSON, stored as {@code jsonb}) an action's
 * task put. PostgreSQL normalises the text (key order, white space, the last of duplicate keys wins), so what is
 * read back is equal as JSON, not byte for byte.
 */
@Singleton
public final class StateStore {

    /**
     * Stores {@code json} as the action's state, replacing any earlier one and bumping its version; returns the
     * new version (1 for the first put). The text must be a JSON value PostgreSQL accepts (see
     * {@code state.StateJson}); the caller's transaction should hold the action row.
     */
    public long upsert(Connection c, long actionId, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(StateSql.UPSERT_STATE)) {
            ps.setLong(1, actionId);
            ps.setString(2, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The stored state of the action as JSON text; empty when none was put or the action does not exist. */
    public Optional<String> findByActionKey(Connection c, ActionKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(StateSql.SELECT_STATE_BY_ACTION_KEY)) {
            int i = Rows.bindRunKey(ps, 1, key.run());
            ps.setString(i, key.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}

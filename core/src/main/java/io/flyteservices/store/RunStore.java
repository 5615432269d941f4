package io.flyteservices.store;

import io.flyteservices.model.RunKey;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads and writes {@code runs}. Callers provide the connection (and so the transaction). */
@Singleton
public final class RunStore {

    /** Inserts the run unless its identity is taken; returns the new row, or empty for a duplicate. */
    public Optional<RunRow> insertIfAbsent(Connection c, NewRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RunSql.INSERT_RUN_IF_ABSENT)) {
            bindNew(ps, run);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunRow(rs.getLong(1), run.key(), run.runSpec(), run.inputsUri(),
                        run.runOutputBase(), run.source(), Rows.instant(rs, 2)));
            }
        }
    }

    /** Binds the columns of {@link RunSql#INSERT_RUN_IF_ABSENT} from 1; returns the next parameter's index. */
    static int bindNew(PreparedStatement ps, NewRun run) throws SQLException {
        int i = Rows.bindRunKey(ps, 1, run.key());
        ps.setBytes(i++, run.runSpec());
        ps.setString(i++, run.inputsUri());
        ps.setString(i++, run.runOutputBase());
        ps.setInt(i++, run.source());
        return i;
    }

    /** Finds a run by identity. */
    public Optional<RunRow> findByKey(Connection c, RunKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RunSql.SELECT_RUN_BY_KEY)) {
            Rows.bindRunKey(ps, 1, key);
            return first(ps);
        }
    }

    /** Finds a run by id. */
    public Optional<RunRow> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RunSql.SELECT_RUN_BY_ID)) {
            ps.setLong(1, id);
            return first(ps);
        }
    }

    private static Optional<RunRow> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new RunRow(rs.getLong("id"),
                    new RunKey(rs.getString("org"), rs.getString("project"), rs.getString("domain"),
                            rs.getString("name")),
                    rs.getBytes("run_spec"), rs.getString("inputs_uri"), rs.getString("run_output_base"),
                    rs.getInt("source"), Rows.instant(rs, "created_at")));
        }
    }
}

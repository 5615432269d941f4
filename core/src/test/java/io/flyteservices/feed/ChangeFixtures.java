package io.flyteservices.feed;

import io.flyteservices.store.ChangeStore;
import io.flyteservices.store.Db;
import io.flyteservices.testkit.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes to {@code changes} and {@code runs} the way the system's transactions do, including transactions held
 * open to commit out of seq order, and builds feed parts on the shared test database. Run ids are unique per
 * JVM, so tests keep to their own changes by filtering on them.
 */
final class ChangeFixtures {

    private static final AtomicLong NEXT_RUN_ID =
            new AtomicLong(1_000_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1_000L);

    private ChangeFixtures() {
    }

    static DataSource dataSource() {
        return TestDatabase.get().dataSource();
    }

    static Db db() {
        return new Db(dataSource());
    }

    /** A run id no other test uses (changes need no runs row: the trigger only fills the table). */
    static long uniqueRunId() {
        return NEXT_RUN_ID.incrementAndGet();
    }

    static FeedConfig config(Duration pollInterval, int batchSize, boolean listen) {
        return new FeedConfig(pollInterval, batchSize, listen, Duration.ofMillis(50), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    static FeedMetrics metrics() {
        return new FeedMetrics(new SimpleMeterRegistry());
    }

    static ChangeListener listener(FeedConfig config, FeedMetrics metrics) {
        return new ChangeListener(ListenAddress.of(TestDatabase.get().jdbcUrl(), null, null), new ChangeStore(),
                config, metrics);
    }

    /** Commits one change of a run in its own transaction; returns its seq. */
    static long insertCommitted(long runId) {
        return insertCommitted(runId, Duration.ZERO);
    }

    /** Commits one change whose {@code changed_at} lies {@code age} in the past; returns its seq. */
    static long insertCommitted(long runId, Duration age) {
        try (Connection c = dataSource().getConnection()) {
            return insert(c, runId, age);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts a runs row (its trigger appends a change and sends NOTIFY on commit); returns the run id. */
    static long insertRun(Connection c, String project, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO runs (org, project, domain, name, run_spec, inputs_uri, run_output_base)
                VALUES ('', ?, 'development', ?, '\\x'::bytea, 'file:///in', 'file:///out')
                RETURNING id
                """)) {
            ps.setString(1, project);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean exists(long seq) {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM changes WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sessions of this database holding a LISTEN connection of the feed. */
    static int listenConnections() {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT count(*) FROM pg_stat_activity
                      WHERE datname = current_database() AND application_name = ?
                     """)) {
            ps.setString(1, ChangeListener.APPLICATION_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the server process {@code pid} last ran. */
    static String lastQuery(int pid) {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean terminate(int pid) {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static OpenTransaction open() {
        try {
            Connection c = dataSource().getConnection();
            c.setAutoCommit(false);
            return new OpenTransaction(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long insert(Connection c, long runId, Duration age) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO changes (entity, run_id, changed_at)
                VALUES (1, ?, now() - make_interval(secs => ?))
                RETURNING seq
                """)) {
            ps.setLong(1, runId);
            ps.setDouble(2, age.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A transaction kept open by the test: its changes hold their seqs but are invisible until commit. */
    static final class OpenTransaction implements AutoCloseable {

        private final Connection connection;

        private OpenTransaction(Connection connection) {
            this.connection = connection;
        }

        /** Inserts a change (taking its seq now); returns the seq. */
        long insert(long runId) {
            try {
                return ChangeFixtures.insert(connection, runId, Duration.ZERO);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** This transaction's id (assigning one if it has none yet). */
        long xid() {
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_current_xact_id()::text");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Long.parseUnsignedLong(rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void commit() {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Rolls back anything not committed and closes the connection. */
        @Override
        public void close() {
            try (connection) {
                connection.rollback();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

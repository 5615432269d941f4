package io.flyteservices.store;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs units of work on pooled connections. {@link #inTransaction} commits or rolls back as a whole and runs
 * the work again on a serialization failure or deadlock (so the work must be free of side effects outside
 * the database, or idempotent); {@link #read} runs in auto-commit mode.
 */
@Singleton
public final class Db {

    private static final Logger LOG = LoggerFactory.getLogger(Db.class);
    private static final int MAX_ATTEMPTS = 4;

    private final DataSource dataSource;

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one transaction, retrying it on SQLSTATE 40001/40P01. */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (SqlErrors.isRetryable(e) && attempt < MAX_ATTEMPTS) {
                    LOG.debug("transaction conflict, retrying what={} attempt={}", what, attempt);
                    continue;
                }
                throw SqlErrors.translate(what, e);
            }
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that several queries see one
     * consistent snapshot (an action and its attempts, say).
     */
    public <T> T inSnapshot(String what, SqlWork<T> work) {
        return inTransaction(what, connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            return work.run(connection);
        });
    }

    /** Runs {@code work} in auto-commit mode (each statement its own transaction). */
    public <T> T read(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure matters more; a broken connection is discarded by the pool anyway.
            LOG.debug("rollback failed", e);
        }
    }
}

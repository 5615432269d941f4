package io.flyteservices.health;

import io.flyteservices.store.Migrator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides readiness: a connection answers within a second and the schema is current. The schema check needs a
 * classpath scan, so once it passed it is not repeated (migrations only move forward).
 */
@Singleton
public final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /** The outcome of a check, with the reason when not ready. */
    public record Result(boolean ready, String reason) {
    }

    private final DataSource dataSource;
    private final AtomicBoolean schemaCurrent = new AtomicBoolean();

    public Readiness(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Result check() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(1)) {
                return new Result(false, "database connection is not valid");
            }
        } catch (SQLException e) {
            LOG.warn("not ready: database unreachable error={}", e.getMessage());
            return new Result(false, "database unreachable: " + e.getMessage());
        }
        if (!schemaCurrent.get()) {
            if (!new Migrator(dataSource).isCurrent()) {
                return new Result(false, "database schema is behind this build: run 'flyte-services migrate'");
            }
            schemaCurrent.set(true);
        }
        return new Result(true, "");
    }
}

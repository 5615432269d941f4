package io.flyteservices.bench.harness;

import io.flyteservices.store.Migrator;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for one benchmark run, from the machine's binaries (the same server pgbench talks to, so the
 * two are compared on equal terms): a fresh cluster in a temporary directory on a free port, durable commits as in
 * production, stopped and deleted at the end. {@code FLYTE_BENCH_DATABASE_URL} points at an existing server
 * instead (a JDBC URL with user and password; the database is migrated and left behind).
 */
public final class BenchPostgres implements AutoCloseable {

    private static final String USER = "bench";
    private static final String PASSWORD = "bench";
    private static final String DATABASE = "flyte";

    private final Path binaries;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private BenchPostgres(Path binaries, Path dataDir, String host, int port, String user, String password,
                          String database) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        dataSource.setURL(jdbcUrl());
    }

    /** Starts a server (or connects to {@code FLYTE_BENCH_DATABASE_URL}) and applies the migrations. */
    public static BenchPostgres start() throws IOException, InterruptedException {
        Path binaries = binaries();
        String configured = System.getenv("FLYTE_BENCH_DATABASE_URL");
        BenchPostgres pg;
        if (configured != null) {
            PGSimpleDataSource parsed = new PGSimpleDataSource();
            parsed.setURL(configured);
            pg = new BenchPostgres(binaries, null, parsed.getServerNames()[0], parsed.getPortNumbers()[0],
                    parsed.getUser(), parsed.getPassword(), parsed.getDatabaseName());
        } else {
            pg = startCluster(binaries);
        }
        new Migrator(pg.dataSource).migrate();
        return pg;
    }

    private static BenchPostgres startCluster(Path binaries) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("flyte-bench-pg");
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // initdb refuses to run as root: the cluster belongs to the machine's postgres user.
            exec(List.of("chown", "postgres", dir.toString()), false);
        }
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD);
        if (root) {
            exec(List.of("chown", "postgres", pwfile.toString()), false);
        }
        exec(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"), root);
        int port = freePort();
        exec(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", String.join(" ", serverOptions(port, dir)), "start"), root);
        BenchPostgres pg = new BenchPostgres(binaries, data, "127.0.0.1", port, USER, PASSWORD, "postgres");
        try (Connection c = pg.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the benchmark database", e);
        }
        return new BenchPostgres(binaries, data, "127.0.0.1", port, USER, PASSWORD, DATABASE);
    }

    /** Production-like: durable commits; enough connections for 256 clients plus pgbench; memory for 100k runs. */
    private static List<String> serverOptions(int port, Path dir) {
        return List.of("-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=600", "-c", "shared_buffers=512MB", "-c", "work_mem=16MB",
                "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=30min");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user + "&password=" + password;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The server's version, for the report's header. */
    public String version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Connections to this database right now, other than the one asking. */
    public long connections() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) - 1 FROM pg_stat_activity WHERE datname = current_database()")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Runs a statement (set-up, truncation between rounds). */
    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs the machine's pgbench against this database with {@code args} (e.g. {@code -n -f script -c 16 -T 10})
     * and returns its output.
     */
    public String pgbench(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binaries.resolve("pgbench").toString(), "-h", host,
                "-p", String.valueOf(port), "-U", user));
        command.addAll(args);
        command.add(database);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (dataDir == null) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        exec(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"),
                root);
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The newest PostgreSQL server binaries on the machine ({@code FLYTE_PG_BIN} overrides). */
    private static Path binaries() throws IOException {
        String configured = System.getenv("FLYTE_PG_BIN");
        if (configured != null) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/pgbench")))
                    .max(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString())))
                    .map(d -> d.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under " + versions
                            + ": apt-get install postgresql, or set FLYTE_PG_BIN"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no PostgreSQL under " + versions + ": apt-get install postgresql", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void exec(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().putAll(Map.of("LC_ALL", "C.UTF-8"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}

package io.flyteservices.executor.faults;

import io.flyteservices.testkit.LaunchedProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server this test owns, so it may restart it: the launcher's {@code database} mode (an embedded
 * PostgreSQL, migrated) in a JVM of its own, on a fixed port and data directory, so that after a restart it is back
 * at the same address with the same data, as a database server restarted by its operator would be.
 */
final class DatabaseServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("database ready url=(\\S+)");
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private volatile LaunchedProcess process;
    private final String jdbcUrl;

    private DatabaseServer(LaunchedProcess process, String jdbcUrl) {
        this.process = process;
        this.jdbcUrl = jdbcUrl;
    }

    static DatabaseServer start() throws IOException {
        Path dataDir = Files.createTempDirectory("flyte-faults-db");
        List<String> command = LaunchedProcess.launcherCommand(Path.of("target"), List.of("-Xmx128m"));
        command.addAll(List.of("database", "--data-dir", dataDir.toString(),
                "--database-port", String.valueOf(freePort())));
        LaunchedProcess process = LaunchedProcess.start(command, Map.of(), "flyte-faults-db");
        String url = process.awaitLog(READY, START_WITHIN).group(1);
        // zonky's URL names user and password as parameters; the launcher's URL parser and pgjdbc read them there.
        return new DatabaseServer(process, url);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The JDBC URL (with credentials) the deployables and the checks use; the same across restarts. */
    String jdbcUrl() {
        return jdbcUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** Stops the server as its operator would (a fast shutdown: clients are disconnected) and starts it again. */
    void restart() throws IOException, InterruptedException {
        LaunchedProcess stopped = process;
        stopped.close();
        process = stopped.startAgain();
        process.awaitLog(READY, START_WITHIN);
    }

    @Override
    public String toString() {
        return process.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}

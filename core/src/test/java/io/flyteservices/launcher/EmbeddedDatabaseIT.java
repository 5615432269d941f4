package io.flyteservices.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database: restarting on a data directory whose previous server was never stopped, the
 * {@code database} mode that serves one alone, and a restart on a given port (the fault suite's database restart).
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    /** Starts the embedded database in a JVM of its own, prints its URL, and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void shouldStopTheLeftOverServerAndStartWhenAPreviousProcessWasKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // start-up logs
            }
            assertThat(line).as("the holder started its database").isEqualTo("ready");
        }
        holder.destroyForcibly();
        holder.waitFor(20, TimeUnit.SECONDS);

        try (EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDir);
             Connection c = connect(restarted); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the data survives the restart").isEqualTo(42);
        }
    }

    @Test
    void shouldServeAMigratedThrowawayDatabaseInDatabaseModeUntilClosed() throws Exception {
        // A URL in the environment does not apply: the mode is the embedded server.
        DatabaseUrl url;
        try (Launcher.Running running = Launcher.start(new String[]{"database", "--data-dir", dataDir.toString()},
                Map.of("FLYTE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none"))) {
            assertThat(running.context()).as("no servers").isNull();
            assertThat(running.embedded()).isNotNull();
            url = running.embedded().url();
            try (Connection c = connect(running.embedded()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM runs")) {
                assertThat(rs.next()).as("the schema is migrated").isTrue();
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()).close())
                .as("closing stops the server").isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void shouldComeBackOnTheSamePortWithItsDataWhenRestartedOnAGivenPort() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] args = {"database", "--data-dir", dataDir.toString(), "--database-port", String.valueOf(port)};
        try (Launcher.Running first = Launcher.start(args, Map.of());
             Connection c = connect(first.embedded()); Statement s = c.createStatement()) {
            assertThat(first.embedded().url().jdbcUrl()).contains(":" + port + "/");
            s.execute("CREATE TABLE kept (v int)");
            s.execute("INSERT INTO kept VALUES (7)");
        }
        try (Launcher.Running again = Launcher.start(args, Map.of());
             Connection c = connect(again.embedded()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(again.embedded().url().jdbcUrl()).contains(":" + port + "/");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        DatabaseUrl url = db.url();
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}

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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The all-in-one database: restarting on a data directory whose previous server was never stopped. */
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

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        DatabaseUrl url = db.url();
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}

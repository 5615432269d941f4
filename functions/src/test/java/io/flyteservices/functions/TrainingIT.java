package io.flyteservices.functions;

import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code functions --train}, the training run of the start-up cache bin/flyte-services makes: it serves one request
 * of each kind to itself, exits by itself, and writes nothing to the database it trained against.
 */
class TrainingIT {

    @Test
    void shouldAnswerEveryTrainingRequestThenExitWithoutWriting() throws Exception {
        long runsBefore = count("runs");
        long queuedBefore = count("queued_actions");
        Path target = Path.of("target");
        String jar;
        try (var files = Files.list(target)) {
            jar = files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.endsWith("-tests.jar"))
                    .findFirst().orElseThrow();
        }
        String classPath = jar + ":" + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        Path log = Files.createTempFile("flyte-training", ".log");
        Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", classPath, "io.flyteservices.launcher.Launcher", "functions",
                "--database-url", TestDatabase.get().jdbcUrl(), "--http-port", "1", "--train"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exits by itself, see %s", log).isTrue();
        assertThat(process.exitValue()).as("exit code, see %s", log).isZero();
        assertThat(Files.readString(log)).contains("training done answered=7/7");
        assertThat(count("runs")).isEqualTo(runsBefore);
        assertThat(count("queued_actions")).isEqualTo(queuedBefore);
    }

    private static long count(String table) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}

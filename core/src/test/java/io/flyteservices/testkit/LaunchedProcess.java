package io.flyteservices.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A deployable started as its own JVM through the launcher, from a module's packaged jar and
 * {@code runtime-classpath.txt} (so tests that use it run after {@code package}: failsafe ITs). Output goes to a
 * temporary log file, shown by {@link #toString()} for failure messages.
 */
public final class LaunchedProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final int grpcPort;
    private final Path log;

    private LaunchedProcess(Process process, int httpPort, int grpcPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.log = log;
    }

    /**
     * Starts {@code mode} from the module whose {@code target} directory is given, on {@code databaseUrl}, with free
     * HTTP and gRPC ports and {@code env} added to the environment (e.g. {@code EXECUTOR_LEASE=3s}).
     */
    public static LaunchedProcess start(String mode, Path target, String databaseUrl, Map<String, String> env)
            throws IOException {
        String jar;
        try (var files = Files.list(target)) {
            jar = files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target + ": package first"));
        }
        String classpath = jar + ":" + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        int httpPort = freePort();
        int grpcPort = freePort();
        Path log = Files.createTempFile("flyte-" + mode, ".log");
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, "io.flyteservices.launcher.Launcher",
                mode, "--database-url", databaseUrl, "--http-port", Integer.toString(httpPort),
                "--grpc-port", Integer.toString(grpcPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new LaunchedProcess(builder.start(), httpPort, grpcPort, log);
    }

    /** Waits until {@code /readyz} answers 200. */
    public LaunchedProcess awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ", see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the JVM at once (SIGKILL), as a crash would. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Stops the JVM gracefully (SIGTERM), or hard after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "process pid=" + process.pid() + " log=" + log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.flyteservices.testkit;

import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A deployable started as its own JVM through the launcher, from a module's packaged jar and
 * {@code runtime-classpath.txt} (so tests that use it run after {@code package}: failsafe ITs). Output goes to a
 * temporary log file, shown by {@link #toString()} for failure messages. It binds free ports itself (port 0) and its
 * "started" log line names them, so no port is chosen in advance for another process to take in between.
 */
public final class LaunchedProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started mode=\\S+ http=(\\d+) grpc=(\\d+|off)");

    private final Process process;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private final String name;
    private volatile int httpPort = -1;
    private volatile int grpcPort = -1;

    private LaunchedProcess(Process process, Path log, List<String> command, Map<String, String> env, String name) {
        this.process = process;
        this.log = log;
        this.command = command;
        this.env = env;
        this.name = name;
    }

    /**
     * Starts {@code mode} from the module whose {@code target} directory is given, on {@code databaseUrl}, with free
     * HTTP and gRPC ports and {@code env} added to the environment (e.g. {@code EXECUTOR_LEASE=3s}).
     */
    public static LaunchedProcess start(String mode, Path target, String databaseUrl, Map<String, String> env)
            throws IOException {
        return start(mode, target, databaseUrl, env, List.of());
    }

    /** As {@link #start(String, Path, String, Map)}, with options for the JVM (e.g. {@code -Xmx1g}). */
    public static LaunchedProcess start(String mode, Path target, String databaseUrl, Map<String, String> env,
                                        List<String> jvmOptions) throws IOException {
        List<String> command = launcherCommand(target, jvmOptions);
        command.addAll(List.of(mode, "--database-url", databaseUrl, "--http-port", "0", "--grpc-port", "0"));
        return start(command, env, "flyte-" + mode);
    }

    /**
     * {@code java <jvmOptions> -cp <the module's class path> <the launcher>}, for the caller to add the mode and
     * options to: a mode without a database URL ({@code database}), or fixed ports that stay the same across a
     * restart.
     */
    public static List<String> launcherCommand(Path target, List<String> jvmOptions) throws IOException {
        String jar;
        try (var files = Files.list(target)) {
            jar = files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target + ": package first"));
        }
        String classpath = jar + ":" + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(java().toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "io.flyteservices.launcher.Launcher"));
        return command;
    }

    /** The java binary of this JVM; its siblings (jcmd) are in the same directory. */
    public static Path java() {
        return Path.of(ProcessHandle.current().info().command().orElse("java"));
    }

    /**
     * Starts any command that runs the launcher and logs its "started" line, such as a container image started by
     * infra/images/image-run; {@code name} prefixes its log file.
     */
    public static LaunchedProcess start(List<String> command, Map<String, String> env, String name)
            throws IOException {
        Path log = Files.createTempFile(name, ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new LaunchedProcess(builder.start(), log, List.copyOf(command), Map.copyOf(env), name);
    }

    /**
     * Starts the same command with the same environment again, as an orchestrator restarts a crashed process; the
     * new process logs to a file of its own, so its readiness is not read from the old one's log.
     */
    public LaunchedProcess startAgain() throws IOException {
        return start(command, env, name);
    }

    /** Waits until the log has a line matching {@code pattern}; returns the match (for its groups). */
    public Matcher awaitLog(Pattern pattern, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ", see " + log);
            }
            Matcher m = pattern.matcher(Files.readString(log));
            return m.find() ? m : null;
        }, m -> m != null);
    }

    /** Waits for the "started" log line (the bound ports), then until {@code /readyz} answers 200. */
    public LaunchedProcess awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ", see " + log);
            }
            if (httpPort < 0 && !readPorts()) {
                return false;
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
        return started(httpPort);
    }

    /** The gRPC port; -1 where the mode serves no gRPC (the executor alone). */
    public int grpcPort() {
        started(httpPort);
        return grpcPort;
    }

    private int started(int port) {
        if (httpPort < 0) {
            throw new IllegalStateException("ports are known once started: call awaitReady() first");
        }
        return port;
    }

    private boolean readPorts() throws IOException {
        Matcher started = STARTED.matcher(Files.readString(log));
        if (!started.find()) {
            return false;
        }
        grpcPort = started.group(2).equals("off") ? -1 : Integer.parseInt(started.group(2));
        httpPort = Integer.parseInt(started.group(1));
        return true;
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
}

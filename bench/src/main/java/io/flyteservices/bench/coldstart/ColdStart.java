package io.flyteservices.bench.coldstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start of {@code functions}: fork the JVM, read its output until the "started" line names the bound ports,
 * send the first request, read the process's RSS, then wait for {@code /readyz}, and stop it (SIGTERM). Times are
 * from just before the fork.
 */
final class ColdStart {

    private static final Pattern STARTED = Pattern.compile("started mode=\\S+ http=(\\d+) grpc=(\\d+|off)");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What one start measured: seconds to the "started" line, to the first served request, to /readyz; RSS. */
    record Timing(double startedSeconds, double firstRequestSeconds, double readySeconds, double rssMb) {
    }

    private ColdStart() {
    }

    static List<String> command(String java, List<String> jvmOptions, String classPath, String databaseUrl,
                                String... extra) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        // As bin/flyte-services starts it: no warnings about native access or Unsafe from Netty and protobuf.
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", classPath, "io.flyteservices.launcher.Launcher", "functions", "--database-url", databaseUrl,
                "--http-port", "0", "--grpc-port", "0"));
        command.addAll(List.of(extra));
        return command;
    }

    static Timing run(List<String> command, Path log) throws IOException, InterruptedException {
        long forked = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            CompletableFuture<int[]> ports = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> drain(process, log, ports));
            int[] bound;
            try {
                bound = ports.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("functions did not start, see " + log, e);
            }
            long started = System.nanoTime();
            FirstRequest.send(bound[1], started + TIMEOUT_NANOS);
            long served = System.nanoTime();
            double rss = rssMb(jvm(process));
            awaitReady(bound[0], served + TIMEOUT_NANOS, log);
            long ready = System.nanoTime();
            return new Timing(seconds(started - forked), seconds(served - forked), seconds(ready - forked), rss);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Copies the output to the log and completes {@code ports} (http, grpc) from the "started" line. */
    private static void drain(Process process, Path log, CompletableFuture<int[]> ports) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var writer = Files.newBufferedWriter(log)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!ports.isDone()) {
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        ports.complete(new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                    }
                }
                writer.write(line);
                writer.newLine();
            }
        } catch (IOException e) {
            ports.completeExceptionally(e);
        }
        ports.completeExceptionally(new IllegalStateException("exited with no 'started' line"));
    }

    private static void awaitReady(int httpPort, long deadline, Path log) throws IOException, InterruptedException {
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                .timeout(Duration.ofSeconds(30)).build();
        while (HTTP.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/readyz never answered 200, see " + log);
            }
            Thread.sleep(5);
        }
    }

    /** The JVM's pid: the process itself, or the java a launcher script started (an image's). */
    private static long jvm(Process process) {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    /** Resident set size from /proc (Linux); NaN elsewhere. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

package io.flyteservices.infra.image;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A container of a built image, started by infra/images/image-run (chrooted in namespaces of its own, as the
 * image's user, with the image's entrypoint and environment) from a {@link PodTemplate}. Its output goes to a log.
 */
final class ImageProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started mode=\\S+ http=(\\d+) grpc=(\\d+|off)");

    private final String name;
    private final Process process;
    private final Path log;
    private int httpPort = -1;

    private ImageProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code pod} from the image tar {@code image}, its log under {@code logs}. */
    static ImageProcess start(Path imageRun, Path image, PodTemplate pod, Path logs) throws IOException {
        List<String> command = new ArrayList<>(List.of(imageRun.toString()));
        for (Map.Entry<String, String> e : pod.env().entrySet()) {
            command.addAll(List.of("--env", e.getKey() + "=" + e.getValue()));
        }
        for (Map.Entry<Path, String> m : pod.mounts().entrySet()) {
            command.addAll(List.of("--volume", m.getKey() + ":" + m.getValue()));
        }
        command.add(image.toString());
        command.addAll(pod.args());
        Path log = logs.resolve(pod.name() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ImageProcess(pod.name(), process, log);
    }

    /** Waits until the process has ended, and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs after " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits for the "started" line (the bound HTTP port), then until /readyz answers 200. */
    ImageProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + log());
            }
            if (httpPort < 0) {
                Matcher started = STARTED.matcher(log());
                if (!started.find()) {
                    return false;
                }
                httpPort = Integer.parseInt(started.group(1));
            }
            return get("/readyz").statusCode() == 200;
        });
        return this;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A Connect unary call with a JSON body. */
    HttpResponse<String> connect(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The image's JVM: the process image-run started inside the namespaces (the one running java). */
    Optional<ProcessHandle> jvm() {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** A line of /proc/PID/status of the image's JVM, such as "Uid". */
    String status(String field) throws IOException {
        long pid = jvm().orElseThrow(() -> new IllegalStateException(name + " runs no java")).pid();
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElse("");
    }

    /** The files the image's JVM has mapped (/proc/PID/maps), such as its AOT cache. */
    String mappedFiles() throws IOException {
        long pid = jvm().orElseThrow(() -> new IllegalStateException(name + " runs no java")).pid();
        return Files.readString(Path.of("/proc/" + pid + "/maps"));
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops the container as Kubernetes does (SIGTERM), and returns its exit code; SIGKILL after {@code grace}. */
    int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }
}

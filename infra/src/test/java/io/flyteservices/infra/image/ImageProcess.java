package io.flyteservices.infra.image;

import io.flyteservices.testkit.LaunchedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * A container of a built image, started by infra/images/image-run (chrooted in namespaces of its own, as the
 * image's user, with the image's entrypoint and environment) from a {@link PodTemplate}: a {@link LaunchedProcess}
 * whose command is image-run, plus what a test asks of a container (its exit code, its JVM's /proc entries).
 */
final class ImageProcess implements AutoCloseable {

    private final LaunchedProcess launched;

    private ImageProcess(LaunchedProcess launched) {
        this.launched = launched;
    }

    /** Starts {@code pod} from the image tar {@code image}. */
    static ImageProcess start(Path imageRun, Path image, PodTemplate pod) throws IOException {
        List<String> command = new ArrayList<>(List.of(imageRun.toString()));
        for (Map.Entry<String, String> e : pod.env().entrySet()) {
            command.addAll(List.of("--env", e.getKey() + "=" + e.getValue()));
        }
        for (Map.Entry<Path, String> m : pod.mounts().entrySet()) {
            command.addAll(List.of("--volume", m.getKey() + ":" + m.getValue()));
        }
        command.add(image.toString());
        command.addAll(pod.args());
        return new ImageProcess(LaunchedProcess.start(command, Map.of(), "image-" + pod.name()));
    }

    /** Waits until the process has ended, and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        Process process = launched.process();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(launched + " still runs after " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits for the "started" line (the bound ports), then until /readyz answers 200. */
    ImageProcess awaitReady() {
        launched.awaitReady();
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
        return URI.create("http://127.0.0.1:" + launched.httpPort() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The image's JVM: the process image-run started inside the namespaces (the one running java). */
    private Optional<ProcessHandle> jvm() {
        return launched.process().toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** A line of /proc/PID/status of the image's JVM, such as "Uid". */
    String status(String field) throws IOException {
        return Files.readAllLines(proc("status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElse("");
    }

    /** The files the image's JVM has mapped (/proc/PID/maps), such as its AOT cache. */
    String mappedFiles() throws IOException {
        return Files.readString(proc("maps"));
    }

    private Path proc(String entry) {
        long pid = jvm().orElseThrow(() -> new IllegalStateException(launched + " runs no java")).pid();
        return Path.of("/proc/" + pid + "/" + entry);
    }

    String log() {
        try {
            return launched.log();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the container as Kubernetes does (SIGTERM), and returns its exit code; SIGKILL after {@code grace}. */
    int stop(Duration grace) throws InterruptedException {
        Process process = launched.process();
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
        if (launched.process().isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }
}

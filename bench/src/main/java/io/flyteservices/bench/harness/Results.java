package io.flyteservices.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where figures go: {@code bench/results/} of the checkout ({@code FLYTE_BENCH_RESULTS} overrides). */
public final class Results {

    private Results() {
    }

    public static Path dir() {
        String configured = System.getenv("FLYTE_BENCH_RESULTS");
        Path dir = configured != null ? Path.of(configured) : Checkout.root().resolve("bench/results");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        Path root = Checkout.root();
        return file.toAbsolutePath().startsWith(root) ? root.relativize(file.toAbsolutePath()).toString()
                : file.toString();
    }
}

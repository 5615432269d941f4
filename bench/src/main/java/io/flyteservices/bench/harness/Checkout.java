package io.flyteservices.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the benchmark runs from: {@code FLYTE_ROOT} (set by bin/bench), else the working directory. */
public final class Checkout {

    private Checkout() {
    }

    public static Path root() {
        String configured = System.getenv("FLYTE_ROOT");
        Path root = Path.of(configured != null ? configured : "").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("bench/pom.xml"))) {
            throw new IllegalStateException("not a checkout: " + root + " (run through bin/bench)");
        }
        return root;
    }

    /** A deployable module's build output ({@code functions}, {@code watch-gateway}, {@code executor}). */
    public static Path target(String module) {
        return root().resolve(module).resolve("target");
    }
}

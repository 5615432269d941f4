package io.flyteservices.bench.coldstart;

import io.flyteservices.bench.harness.Checkout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The class path {@code functions} runs on, built as bin/flyte-services builds it (bin/lib/common.sh). */
final class ClassPaths {

    /** This project's own jars as a one-module build records them (~/.m2): the checkout's are used instead. */
    private static final Pattern OWN_JAR =
            Pattern.compile("^.*/io/flyteservices/flyte-(watch-gateway|[a-z]+)/[^/]+/flyte-[a-z-]+-([^/]+)\\.jar$");

    /**
     * Jars only {@code all} uses (the embedded PostgreSQL and its binaries for four platforms, 78 MB): left out
     * for the smaller class path.
     */
    private static final Pattern ALL_IN_ONE_ONLY = Pattern.compile(".*/io/zonky/.*");

    private ClassPaths() {
    }

    static List<String> functions(boolean small) throws IOException {
        Path target = Checkout.target("functions");
        String jar;
        try (var files = Files.list(target)) {
            jar = files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target + ": package first"));
        }
        Set<String> entries = new LinkedHashSet<>();
        entries.add(jar);
        Path root = Checkout.root();
        for (String entry : Files.readString(target.resolve("runtime-classpath.txt")).strip().split(":")) {
            var own = OWN_JAR.matcher(entry);
            String resolved = own.matches()
                    ? root.resolve(own.group(1)).resolve("target")
                    .resolve("flyte-" + own.group(1) + "-" + own.group(2) + ".jar").toString()
                    : entry;
            if (!(small && ALL_IN_ONE_ONLY.matcher(resolved).matches())) {
                entries.add(resolved);
            }
        }
        return List.copyOf(entries);
    }

    static String joined(List<String> entries) {
        return String.join(":", entries);
    }

    static long count(String classPath) {
        return Arrays.stream(classPath.split(":")).filter(s -> !s.isBlank()).count();
    }
}

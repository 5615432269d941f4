package io.flyteservices.bench.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a configuration's start-up cache the way bin/flyte-services makes its own: a training run of the launcher
 * ({@code functions --train}: it starts, serves one read-only request of each kind to itself, and exits) with the
 * configuration's JVM options and the option that records the archive or cache at exit.
 */
final class Training {

    private Training() {
    }

    /** The options that load the cache made for {@code config} in {@code dir} (empty for {@link StartConfig.Cache#NONE}). */
    static List<String> prepare(StartConfig config, String java, String classPath, String databaseUrl, Path dir)
            throws IOException, InterruptedException {
        if (config.cache() == StartConfig.Cache.NONE) {
            return config.jvmOptions();
        }
        boolean aot = config.cache() == StartConfig.Cache.AOT_CACHE;
        Path archive = dir.resolve(config.name().replace('+', '-') + (aot ? ".aot" : ".jsa"));
        Files.deleteIfExists(archive);
        List<String> record = new ArrayList<>(config.jvmOptions());
        record.add(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
        Path log = dir.resolve(config.name().replace('+', '-') + "-training.log");
        Process process = new ProcessBuilder(ColdStart.command(java, record, classPath, databaseUrl, "--train"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("training run of " + config.name() + " did not end, see " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("training run of " + config.name() + " failed (exit "
                    + process.exitValue() + "), see " + log);
        }
        List<String> use = new ArrayList<>(config.jvmOptions());
        use.add(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
        return use;
    }
}

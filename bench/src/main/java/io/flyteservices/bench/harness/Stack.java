package io.flyteservices.bench.harness;

import io.flyteservices.testkit.LaunchedProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployables under test, each its own JVM started through the launcher exactly as {@code bin/flyte-services}
 * starts it (free ports, readiness on {@code /readyz}), against the benchmark's database. Closing stops them all.
 */
public final class Stack implements AutoCloseable {

    private final String databaseUrl;
    private final List<LaunchedProcess> started = new ArrayList<>();

    public Stack(BenchPostgres postgres) {
        this.databaseUrl = postgres.jdbcUrl();
    }

    public LaunchedProcess functions(Map<String, String> env, String... jvmOptions) throws IOException {
        return start("functions", "functions", env, jvmOptions);
    }

    public LaunchedProcess gateway(Map<String, String> env, String... jvmOptions) throws IOException {
        return start("gateway", "watch-gateway", env, jvmOptions);
    }

    public LaunchedProcess executor(Map<String, String> env, String... jvmOptions) throws IOException {
        return start("executor", "executor", env, jvmOptions);
    }

    private LaunchedProcess start(String mode, String module, Map<String, String> env, String... jvmOptions)
            throws IOException {
        LaunchedProcess process = LaunchedProcess.start(mode, Checkout.target(module), databaseUrl, env,
                List.of(jvmOptions));
        started.add(process);
        return process.awaitReady();
    }

    @Override
    public void close() throws InterruptedException {
        for (LaunchedProcess p : started.reversed()) {
            p.close();
        }
    }
}

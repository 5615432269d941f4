package io.flyteservices.executor.faults;

import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.LaunchedProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The deployables as separate JVMs on a {@link DatabaseServer}: functions, the watch gateway and two executors.
 * Functions and the gateway keep fixed gRPC ports, so a restarted one is found at the same address by clients that
 * reconnect, as behind a Service; executors need no address. Any of them can be killed with SIGKILL and started
 * again with the same command.
 */
final class Cluster implements AutoCloseable {

    static final String FUNCTIONS = "functions";
    static final String GATEWAY = "gateway";
    static final String EXECUTOR = "executor-1";
    static final String OTHER_EXECUTOR = "executor-2";

    private final DatabaseServer database;
    private final Map<String, LaunchedProcess> processes = new LinkedHashMap<>();
    private final ManagedChannel functionsChannel;
    private final ManagedChannel gatewayChannel;

    private Cluster(DatabaseServer database, int functionsPort, int gatewayPort) {
        this.database = database;
        this.functionsChannel = ManagedChannelBuilder.forAddress("127.0.0.1", functionsPort).usePlaintext().build();
        this.gatewayChannel = ManagedChannelBuilder.forAddress("127.0.0.1", gatewayPort).usePlaintext().build();
    }

    /** Starts every deployable with {@code env} added (e.g. a short change-feed retention) and waits until ready. */
    static Cluster start(DatabaseServer database, Map<String, String> env) throws IOException {
        int functionsPort = DatabaseServer.freePort();
        int gatewayPort = DatabaseServer.freePort();
        Cluster cluster = new Cluster(database, functionsPort, gatewayPort);
        try {
            cluster.launch(FUNCTIONS, "functions", "../functions/target", functionsPort, env);
            cluster.launch(GATEWAY, "gateway", "../watch-gateway/target", gatewayPort, env);
            Path work = Files.createTempDirectory("flyte-faults-work");
            Map<String, String> executorEnv = new HashMap<>(env);
            // A short lease, so a killed executor's work is taken over within seconds.
            executorEnv.putAll(Map.of("EXECUTOR_LEASE", "3s", "EXECUTOR_POLL_INTERVAL", "200ms",
                    "EXECUTOR_HEARTBEAT", "500ms", "EXECUTOR_WORK_DIR", work.toString(), "QUEUE_WORKER_COUNT", "8"));
            cluster.launch(EXECUTOR, "executor", "target", 0, executorEnv);
            cluster.launch(OTHER_EXECUTOR, "executor", "target", 0, executorEnv);
            cluster.awaitReady();
        } catch (IOException | RuntimeException e) {
            try {
                cluster.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return cluster;
    }

    private void launch(String name, String mode, String target, int grpcPort, Map<String, String> env)
            throws IOException {
        List<String> command = LaunchedProcess.launcherCommand(Path.of(target), List.of("-Xmx384m"));
        command.addAll(List.of(mode, "--database-url", database.jdbcUrl(), "--http-port", "0",
                "--grpc-port", String.valueOf(grpcPort)));
        processes.put(name, LaunchedProcess.start(command, env, "flyte-faults-" + name));
    }

    void awaitReady() {
        processes.values().forEach(LaunchedProcess::awaitReady);
    }

    DatabaseServer database() {
        return database;
    }

    /** The deployables by name, for sampling their heaps. */
    Map<String, LaunchedProcess> processes() {
        return Map.copyOf(processes);
    }

    /** Kills {@code name} with SIGKILL and starts it again at once, as an orchestrator restarts a crashed pod. */
    void killAndRestart(String name) throws IOException, InterruptedException {
        LaunchedProcess killed = processes.get(name);
        killed.killHard();
        processes.put(name, killed.startAgain());
    }

    RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(functionsChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    RunServiceGrpc.RunServiceStub watches() {
        return RunServiceGrpc.newStub(gatewayChannel);
    }

    /** Blocking watch calls with a short deadline, for probing whether the gateway serves. */
    RunServiceGrpc.RunServiceBlockingStub probeWatches() {
        return RunServiceGrpc.newBlockingStub(gatewayChannel).withDeadlineAfter(2, TimeUnit.SECONDS);
    }

    /** The operating-system pid of {@code name}; an executor's default id contains it. */
    long pid(String name) {
        return processes.get(name).process().pid();
    }

    /**
     * Lets the channels try to connect at once instead of after their back-off, which after a restart can have
     * grown to seconds and would be counted as the system's recovery time.
     */
    void reconnectNow() {
        functionsChannel.resetConnectBackoff();
        gatewayChannel.resetConnectBackoff();
    }

    /** The processes and their logs, for failure messages. */
    @Override
    public String toString() {
        return processes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", ", "", ", database: " + database));
    }

    @Override
    public void close() throws InterruptedException {
        functionsChannel.shutdownNow();
        gatewayChannel.shutdownNow();
        List<LaunchedProcess> started = new ArrayList<>(processes.values());
        for (LaunchedProcess p : started.reversed()) {
            p.close();
        }
    }
}

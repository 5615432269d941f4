package io.flyteservices.gateway;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import flyteidl2.workflow.WatchRunsRequest;
import flyteidl2.workflow.WatchRunsResponse;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * functions and the gateway as two JVMs started the way the launcher starts them, against one database: a write
 * through one shows up on a stream of the other.
 */
class SeparateProcessesIT {

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static ManagedChannel functions;
    private static ManagedChannel gateway;

    @BeforeAll
    static void start() throws Exception {
        String db = TestDatabase.get().jdbcUrl();
        int[] functionsPorts = {freePort(), freePort()};
        int[] gatewayPorts = {freePort(), freePort()};
        launch("functions", Path.of("../functions/target"), db, functionsPorts);
        launch("gateway", Path.of("target"), db, gatewayPorts);
        awaitReady(functionsPorts[0]);
        awaitReady(gatewayPorts[0]);
        functions = ManagedChannelBuilder.forAddress("127.0.0.1", functionsPorts[1]).usePlaintext().build();
        gateway = ManagedChannelBuilder.forAddress("127.0.0.1", gatewayPorts[1]).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (functions != null) {
            functions.shutdownNow();
            gateway.shutdownNow();
        }
        for (Process p : PROCESSES) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void shouldStreamOnTheGatewayWhatIsWrittenThroughFunctions() throws Exception {
        var runs = RunServiceGrpc.newBlockingStub(functions);
        var queue = QueueServiceGrpc.newBlockingStub(functions);
        var watches = RunServiceGrpc.newStub(gateway);
        String project = Fixtures.uniqueProject();
        StreamRecorder<WatchRunsResponse> runsStream = new StreamRecorder<>();
        watches.watchRuns(WatchRunsRequest.newBuilder().setProjectId(Fixtures.projectId(project)).build(), runsStream);
        runsStream.awaitMessage(m -> true);

        RunIdentifier id = Fixtures.runId(project, Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        runsStream.awaitMessage(m -> m.getRunsList().stream().anyMatch(r -> r.getAction().getId().getRun().equals(id)));

        StreamRecorder<WatchActionsResponse> tree = new StreamRecorder<>();
        watches.watchActions(WatchActionsRequest.newBuilder().setRunId(id).build(), tree);
        StreamRecorder<WatchRunDetailsResponse> details = new StreamRecorder<>();
        watches.watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(id).build(), details);
        tree.awaitMessage(m -> m.getEnrichedActionsCount() > 0);
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        tree.awaitMessage(m -> m.getEnrichedActionsList().stream()
                .anyMatch(a -> a.getAction().getId().getName().equals("c1")));

        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).build());
        details.awaitMessage(m -> m.getDetails().getAction().getStatus().getPhase() == Phase.PHASE_ABORTED);
        assertThat(details.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(tree.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
    }

    private static void launch(String mode, Path target, String db, int[] ports) throws IOException {
        String jar;
        try (var files = Files.list(target)) {
            jar = files.map(Path::toString).filter(f -> f.endsWith(".jar") && !f.endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no jar in " + target + ": package first"));
        }
        String classpath = jar + ":" + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("flyte-" + mode, ".log");
        Process p = new ProcessBuilder(java, "-cp", classpath, "io.flyteservices.launcher.Launcher", mode,
                "--database-url", db, "--http-port", Integer.toString(ports[0]),
                "--grpc-port", Integer.toString(ports[1]))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PROCESSES.add(p);
    }

    private static void awaitReady(int httpPort) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

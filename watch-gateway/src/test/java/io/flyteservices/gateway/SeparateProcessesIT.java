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
import io.flyteservices.testkit.LaunchedProcess;
import io.flyteservices.testkit.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * functions and the gateway as two JVMs started the way the launcher starts them, against one database: a write
 * through one shows up on a stream of the other.
 */
class SeparateProcessesIT {

    private static final List<LaunchedProcess> PROCESSES = new ArrayList<>();
    private static ManagedChannel functions;
    private static ManagedChannel gateway;

    @BeforeAll
    static void start() throws Exception {
        String db = TestDatabase.get().jdbcUrl();
        LaunchedProcess functionsProcess = LaunchedProcess.start("functions", Path.of("../functions/target"), db, Map.of());
        PROCESSES.add(functionsProcess);
        LaunchedProcess gatewayProcess = LaunchedProcess.start("gateway", Path.of("target"), db, Map.of());
        PROCESSES.add(gatewayProcess);
        functionsProcess.awaitReady();
        gatewayProcess.awaitReady();
        functions = ManagedChannelBuilder.forAddress("127.0.0.1", functionsProcess.grpcPort()).usePlaintext().build();
        gateway = ManagedChannelBuilder.forAddress("127.0.0.1", gatewayProcess.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (functions != null) {
            functions.shutdownNow();
            gateway.shutdownNow();
        }
        for (LaunchedProcess p : PROCESSES) {
            p.close();
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
}

package io.flyteservices.functions;

import flyteidl2.common.ListRequest;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortActionResponse;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.AbortRunResponse;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.EnqueueActionResponse;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetActionDetailsResponse;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.GetRunDetailsResponse;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListActionsResponse;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.ConnectJsonClient;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seven-step client scenario of the runs service (create with a task spec, create with a generated name, get
 * details, list runs, list actions, abort an action, abort the run), once over gRPC and once over Connect JSON.
 */
class ClientScenarioIT {

    /** The calls of the scenario, over some protocol. */
    interface Client {
        CreateRunResponse createRun(CreateRunRequest r);

        GetRunDetailsResponse getRunDetails(GetRunDetailsRequest r);

        GetActionDetailsResponse getActionDetails(GetActionDetailsRequest r);

        ListRunsResponse listRuns(ListRunsRequest r);

        ListActionsResponse listActions(ListActionsRequest r);

        EnqueueActionResponse enqueueAction(EnqueueActionRequest r);

        AbortActionResponse abortAction(AbortActionRequest r);

        AbortRunResponse abortRun(AbortRunRequest r);
    }

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldCompleteScenarioWhenCalledOverGrpc() {
        var runs = RunServiceGrpc.newBlockingStub(server.channel());
        var queue = QueueServiceGrpc.newBlockingStub(server.channel());
        scenario(new Client() {
            public CreateRunResponse createRun(CreateRunRequest r) { return runs.createRun(r); }
            public GetRunDetailsResponse getRunDetails(GetRunDetailsRequest r) { return runs.getRunDetails(r); }
            public GetActionDetailsResponse getActionDetails(GetActionDetailsRequest r) { return runs.getActionDetails(r); }
            public ListRunsResponse listRuns(ListRunsRequest r) { return runs.listRuns(r); }
            public ListActionsResponse listActions(ListActionsRequest r) { return runs.listActions(r); }
            public EnqueueActionResponse enqueueAction(EnqueueActionRequest r) { return queue.enqueueAction(r); }
            public AbortActionResponse abortAction(AbortActionRequest r) { return runs.abortAction(r); }
            public AbortRunResponse abortRun(AbortRunRequest r) { return runs.abortRun(r); }
        });
    }

    @Test
    void shouldCompleteScenarioWhenCalledOverConnectJson() {
        ConnectJsonClient connect = new ConnectJsonClient(server.httpBase());
        String run = "flyteidl2.workflow.RunService";
        scenario(new Client() {
            public CreateRunResponse createRun(CreateRunRequest r) { return connect.call(run, "CreateRun", r, CreateRunResponse.newBuilder()); }
            public GetRunDetailsResponse getRunDetails(GetRunDetailsRequest r) { return connect.call(run, "GetRunDetails", r, GetRunDetailsResponse.newBuilder()); }
            public GetActionDetailsResponse getActionDetails(GetActionDetailsRequest r) { return connect.call(run, "GetActionDetails", r, GetActionDetailsResponse.newBuilder()); }
            public ListRunsResponse listRuns(ListRunsRequest r) { return connect.call(run, "ListRuns", r, ListRunsResponse.newBuilder()); }
            public ListActionsResponse listActions(ListActionsRequest r) { return connect.call(run, "ListActions", r, ListActionsResponse.newBuilder()); }
            public EnqueueActionResponse enqueueAction(EnqueueActionRequest r) { return connect.call("flyteidl2.workflow.QueueService", "EnqueueAction", r, EnqueueActionResponse.newBuilder()); }
            public AbortActionResponse abortAction(AbortActionRequest r) { return connect.call(run, "AbortAction", r, AbortActionResponse.newBuilder()); }
            public AbortRunResponse abortRun(AbortRunRequest r) { return connect.call(run, "AbortRun", r, AbortRunResponse.newBuilder()); }
        });
    }

    private static void scenario(Client client) {
        String project = Fixtures.uniqueProject();
        // 1. create a run with a task spec
        RunIdentifier named = Fixtures.runId(project, Fixtures.uniqueRunName());
        var created = client.createRun(Fixtures.createRun(named)).getRun();
        assertThat(created.getAction().getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        // 2. create a run with a generated name
        var generated = client.createRun(CreateRunRequest.newBuilder().setProjectId(Fixtures.projectId(project))
                .setTaskSpec(Fixtures.taskSpec("hello")).build()).getRun();
        RunIdentifier generatedId = generated.getAction().getId().getRun();
        assertThat(generatedId.getName()).startsWith("r").hasSize(20);
        // 3. get run details
        var details = client.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(named).build()).getDetails();
        assertThat(details.getAction().getTask().getShortName()).isEqualTo("hello");
        // 4. list runs of the project: both, newest first
        var listed = client.listRuns(ListRunsRequest.newBuilder().setProjectId(Fixtures.projectId(project))
                .setRequest(ListRequest.newBuilder().setLimit(10)).build());
        assertThat(listed.getRunsList()).extracting(r -> r.getAction().getId().getRun())
                .containsExactly(generatedId, named);
        // 5. list actions of the run (after a child was enqueued)
        client.enqueueAction(Fixtures.enqueue(named, "child-1", "a0"));
        var actions = client.listActions(ListActionsRequest.newBuilder().setRunId(named).build());
        assertThat(actions.getActionsList()).extracting(a -> a.getId().getName()).containsExactlyInAnyOrder("a0", "child-1");
        // 6. abort the child action
        client.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(named, "child-1"))
                .setReason("not needed").build());
        assertThat(phase(client, named, "child-1")).isEqualTo(Phase.PHASE_ABORTED);
        assertThat(phase(client, named, "a0")).isEqualTo(Phase.PHASE_QUEUED);
        // 7. abort the run
        client.abortRun(AbortRunRequest.newBuilder().setRunId(named).build());
        assertThat(phase(client, named, "a0")).isEqualTo(Phase.PHASE_ABORTED);
    }

    private static Phase phase(Client client, RunIdentifier run, String action) {
        return client.getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(Fixtures.actionId(run, action))
                .build()).getDetails().getStatus().getPhase();
    }
}

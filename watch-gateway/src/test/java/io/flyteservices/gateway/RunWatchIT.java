package io.flyteservices.gateway;

import flyteidl2.common.Filter;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.ActionUpdate;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionDetailsResponse;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchClusterEventsResponse;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchResponse;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import flyteidl2.workflow.WatchRunsRequest;
import flyteidl2.workflow.WatchRunsResponse;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RunService stream and StateService.Watch over real gRPC, fed by the real change feed: snapshot, a live
 * update after another client's write, the end after the terminal update, and bad requests.
 */
class RunWatchIT {

    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;
    private static RunServiceGrpc.RunServiceStub watches;
    private static QueueServiceGrpc.QueueServiceBlockingStub queue;
    private static StateServiceGrpc.StateServiceStub state;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        runs = RunServiceGrpc.newBlockingStub(server.channel());
        watches = RunServiceGrpc.newStub(server.channel());
        queue = QueueServiceGrpc.newBlockingStub(server.channel());
        state = StateServiceGrpc.newStub(server.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static RunIdentifier newRun() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        return id;
    }

    @Test
    void shouldSendSnapshotThenAbortAndEndWhenRunDetailsAreWatched() throws Exception {
        RunIdentifier id = newRun();
        StreamRecorder<WatchRunDetailsResponse> stream = new StreamRecorder<>();
        watches.watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(id).build(), stream);
        stream.awaitMessage(m -> m.getDetails().getAction().getStatus().getPhase() == Phase.PHASE_QUEUED);

        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).setReason("watched").build());

        var last = stream.awaitMessage(m -> m.getDetails().getAction().getStatus().getPhase() == Phase.PHASE_ABORTED);
        assertThat(last.getDetails().getAction().getAbortInfo().getReason()).isEqualTo("watched");
        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void shouldEndRightAfterSnapshotWhenWatchedRunIsAlreadyFinished() throws Exception {
        RunIdentifier id = newRun();
        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).build());
        StreamRecorder<WatchRunDetailsResponse> stream = new StreamRecorder<>();

        watches.watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(id).build(), stream);

        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(stream.messages).hasSize(1);
    }

    @Test
    void shouldFollowOneActionUntilItIsTerminalWhenActionDetailsAreWatched() throws Exception {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        StreamRecorder<WatchActionDetailsResponse> stream = new StreamRecorder<>();
        watches.watchActionDetails(WatchActionDetailsRequest.newBuilder()
                .setActionId(Fixtures.actionId(id, "c1")).build(), stream);
        stream.awaitMessage(m -> m.getDetails().getStatus().getPhase() == Phase.PHASE_QUEUED);

        runs.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "c1")).build());

        stream.awaitMessage(m -> m.getDetails().getStatus().getPhase() == Phase.PHASE_ABORTED);
        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void shouldSendTreeThenChangedNodesAndEndWhenAllActionsAreTerminal() throws Exception {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        StreamRecorder<WatchActionsResponse> stream = new StreamRecorder<>();
        watches.watchActions(WatchActionsRequest.newBuilder().setRunId(id).build(), stream);

        WatchActionsResponse snapshot = stream.awaitMessage(m -> m.getEnrichedActionsCount() == 2);
        assertThat(snapshot.getEnrichedActionsList()).extracting(a -> a.getAction().getId().getName())
                .containsExactly("a0", "c1");
        assertThat(snapshot.getEnrichedActions(0).getChildrenPhaseCountsMap())
                .containsEntry(Phase.PHASE_QUEUED_VALUE, 1);

        queue.enqueueAction(Fixtures.enqueue(id, "c2", "c1"));
        stream.awaitMessage(m -> names(m).contains("c2"));
        EnrichedAction root = stream.awaitMessage(m -> names(m).contains("a0")
                && m.getEnrichedActions(0).getChildrenPhaseCountsMap().getOrDefault(Phase.PHASE_QUEUED_VALUE, 0) == 2)
                .getEnrichedActions(0);
        assertThat(root.getMeetsFilter()).isTrue();

        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).build());
        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void shouldShowMatchesWithTheirAncestorsWhenFilteredByPhase() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "p1"));
        queue.enqueueAction(Fixtures.enqueue(id, "s1", "a0"));
        runs.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "c1")).build());
        StreamRecorder<WatchActionsResponse> stream = new StreamRecorder<>();

        watches.watchActions(WatchActionsRequest.newBuilder().setRunId(id).addFilter(Filter.newBuilder()
                .setField("phase").setFunction(Filter.Function.VALUE_IN).addValues("ABORTED")).build(), stream);

        WatchActionsResponse snapshot = stream.awaitMessage(m -> m.getEnrichedActionsCount() > 0);
        assertThat(names(snapshot)).containsExactly("a0", "p1", "c1");
        assertThat(snapshot.getEnrichedActionsList()).extracting(EnrichedAction::getMeetsFilter)
                .containsExactly(false, false, true);
    }

    @Test
    void shouldSendNewRunsOfTheProjectWhenRunsAreWatched() {
        RunIdentifier first = newRun();
        StreamRecorder<WatchRunsResponse> stream = new StreamRecorder<>();
        watches.watchRuns(WatchRunsRequest.newBuilder().setProjectId(Fixtures.projectId(first.getProject())).build(),
                stream);
        stream.awaitMessage(m -> m.getRunsList().stream().anyMatch(r -> r.getAction().getId().getRun().equals(first)));

        RunIdentifier second = Fixtures.runId(first.getProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(second));
        RunIdentifier elsewhere = newRun();

        stream.awaitMessage(m -> m.getRunsList().stream().anyMatch(r -> r.getAction().getId().getRun().equals(second)));
        assertThat(stream.messages).flatExtracting(WatchRunsResponse::getRunsList)
                .noneMatch(r -> r.getAction().getId().getRun().equals(elsewhere));
        assertThat(stream.ended()).isFalse();
    }

    @Test
    void shouldFilterRunsByTaskAndByOrgWhenThoseAreTheTargets() {
        String project = Fixtures.uniqueProject();
        flyteidl2.task.TaskIdentifier task = flyteidl2.task.TaskIdentifier.newBuilder().setOrg("").setProject(project)
                .setDomain("development").setName("examples.hello").setVersion("v9").build();
        RunIdentifier known = newRun();
        queue.enqueueAction(Fixtures.enqueue(known, "t1", "a0").toBuilder().setTask(flyteidl2.workflow.TaskAction
                .newBuilder().setId(task).setSpec(Fixtures.taskSpec("hello"))).build());
        StreamRecorder<WatchRunsResponse> byTask = new StreamRecorder<>();
        watches.watchRuns(WatchRunsRequest.newBuilder().setTaskId(task).build(), byTask);
        StreamRecorder<WatchRunsResponse> byOrg = new StreamRecorder<>();
        watches.watchRuns(WatchRunsRequest.newBuilder().setOrg("").build(), byOrg);
        byTask.awaitMessage(m -> true);
        byOrg.awaitMessage(m -> true);

        RunIdentifier other = newRun();
        RunIdentifier ofTask = Fixtures.runId(project, Fixtures.uniqueRunName());
        runs.createRun(flyteidl2.workflow.CreateRunRequest.newBuilder().setRunId(ofTask).setTaskId(task).build());

        byTask.awaitMessage(m -> m.getRunsList().stream().anyMatch(r -> r.getAction().getId().getRun().equals(ofTask)));
        byOrg.awaitMessage(m -> m.getRunsList().stream().anyMatch(r -> r.getAction().getId().getRun().equals(other)));
        assertThat(byTask.messages).flatExtracting(WatchRunsResponse::getRunsList)
                .noneMatch(r -> r.getAction().getId().getRun().equals(other));
    }

    @Test
    void shouldSendEventsOfOneAttemptThenEndWhenTheAttemptIsTerminal() throws Exception {
        RunIdentifier id = newRun();
        long actionId = actionId(id, "a0");
        sql("INSERT INTO action_attempts (action_id, attempt, phase) VALUES (?, 1, 4)", actionId);
        sql("INSERT INTO cluster_events (action_id, attempt, occurred_at, message) VALUES (?, 1, now(), 'pulled')",
                actionId);
        StreamRecorder<WatchClusterEventsResponse> stream = new StreamRecorder<>();
        watches.watchClusterEvents(WatchClusterEventsRequest.newBuilder().setId(Fixtures.actionId(id, "a0"))
                .setAttempt(1).build(), stream);
        stream.awaitMessage(m -> m.getClusterEventsCount() == 1);

        sql("INSERT INTO cluster_events (action_id, attempt, occurred_at, message) VALUES (?, 1, now(), 'started')",
                actionId);
        stream.awaitMessage(m -> m.getClusterEventsList().stream().anyMatch(e -> e.getMessage().equals("started")));
        sql("UPDATE action_attempts SET phase = 5 WHERE action_id = ?", actionId);

        assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(stream.messages).flatExtracting(WatchClusterEventsResponse::getClusterEventsList)
                .extracting(e -> e.getMessage()).containsExactly("pulled", "started");
    }

    @Test
    void shouldSendChildrenThenSentinelThenLiveUpdatesWhenStateIsWatched() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        StreamRecorder<WatchResponse> stream = new StreamRecorder<>();
        state.watch(WatchRequest.newBuilder().setParentActionId(Fixtures.actionId(id, "a0")).build(), stream);
        stream.awaitMessage(WatchResponse::hasControlMessage);
        assertThat(stream.messages.get(0).getActionUpdate().getActionId().getName()).isEqualTo("c1");
        assertThat(stream.messages.get(1).getControlMessage().getSentinel()).isTrue();

        queue.enqueueAction(Fixtures.enqueue(id, "c2", "a0"));
        runs.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "c1")).build());

        stream.awaitMessage(m -> m.hasActionUpdate() && m.getActionUpdate().getActionId().getName().equals("c2"));
        ActionUpdate aborted = stream.awaitMessage(m -> m.hasActionUpdate()
                && m.getActionUpdate().getPhase() == Phase.PHASE_ABORTED).getActionUpdate();
        assertThat(aborted.getActionId().getName()).isEqualTo("c1");
    }

    @Test
    void shouldAnswerNotFoundAndInvalidArgumentWhenWatchTargetsAreBad() throws Exception {
        RunIdentifier missing = Fixtures.runId(Fixtures.uniqueProject(), "nope");
        assertEnds(Status.Code.NOT_FOUND, stream -> watches.watchRunDetails(
                WatchRunDetailsRequest.newBuilder().setRunId(missing).build(), stream));
        assertEnds(Status.Code.NOT_FOUND, stream -> watches.watchActionDetails(
                WatchActionDetailsRequest.newBuilder().setActionId(Fixtures.actionId(missing, "a0")).build(), stream));
        assertEnds(Status.Code.NOT_FOUND, stream -> watches.watchActions(
                WatchActionsRequest.newBuilder().setRunId(missing).build(), stream));
        assertEnds(Status.Code.NOT_FOUND, stream -> state.watch(
                WatchRequest.newBuilder().setParentActionId(Fixtures.actionId(missing, "a0")).build(), stream));
        assertEnds(Status.Code.INVALID_ARGUMENT, stream -> watches.watchRunDetails(
                WatchRunDetailsRequest.getDefaultInstance(), stream));
        assertEnds(Status.Code.INVALID_ARGUMENT, stream -> watches.watchRuns(WatchRunsRequest.getDefaultInstance(),
                stream));
        assertEnds(Status.Code.INVALID_ARGUMENT, stream -> watches.watchClusterEvents(
                WatchClusterEventsRequest.newBuilder().setId(Fixtures.actionId(missing, "a0")).build(), stream));
        assertEnds(Status.Code.INVALID_ARGUMENT, stream -> state.watch(WatchRequest.getDefaultInstance(), stream));
        RunIdentifier id = newRun();
        assertEnds(Status.Code.INVALID_ARGUMENT, stream -> watches.watchActions(WatchActionsRequest.newBuilder()
                .setRunId(id).addFilter(Filter.newBuilder().setField("owner").addValues("x")).build(), stream));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertEnds(Status.Code code, java.util.function.Consumer<StreamRecorder> call)
            throws InterruptedException {
        StreamRecorder stream = new StreamRecorder<>();
        call.accept(stream);
        assertThat(stream.awaitEnd().getCode()).isEqualTo(code);
    }

    private static List<String> names(WatchActionsResponse response) {
        return response.getEnrichedActionsList().stream().map(a -> a.getAction().getId().getName()).toList();
    }

    private static long actionId(RunIdentifier run, String name) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT a.id FROM actions a JOIN runs r ON r.id = a.run_id WHERE r.project = ? AND r.name = ?"
                             + " AND a.name = ?")) {
            ps.setString(1, run.getProject());
            ps.setString(2, run.getName());
            ps.setString(3, name);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement, long actionId) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setLong(1, actionId);
            ps.executeUpdate();
        }
    }
}

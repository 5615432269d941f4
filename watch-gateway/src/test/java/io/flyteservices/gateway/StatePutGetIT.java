package io.flyteservices.gateway;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRequest;
import flyteidl2.workflow.GetResponse;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.PhaseTransition;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.PutResponse;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import io.flyteservices.testkit.ConnectJsonClient;
import io.flyteservices.testkit.DatabaseState;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * StateService Put and Get over real gRPC bidirectional streams (BEHAVIOR StateService): one answer per request,
 * in order, failures in band without ending the stream, rejected messages changing nothing, and the phases a
 * state reports moving the action through the phase rules.
 */
class StatePutGetIT {

    private static final int MAX_STATE_BYTES = 2_048;

    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;
    private static QueueServiceGrpc.QueueServiceBlockingStub queue;
    private static StateServiceGrpc.StateServiceStub state;
    private static DataSource db;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("state.max-state-size-bytes", MAX_STATE_BYTES));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
        queue = QueueServiceGrpc.newBlockingStub(server.channel());
        state = StateServiceGrpc.newStub(server.channel());
        db = TestDatabase.get().dataSource();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldReturnStoredStateWhenPutThenGet() throws Exception {
        ActionIdentifier root = newRun();
        String json = "{\"custom\": {\"k\": [1, 2.5, \"x\"]}, \"note\": \"caf\u00e9 \ud83d\ude00\"}";

        List<PutResponse> put = putAll(List.of(put(root, "{\"first\": true}"), put(root, json)));
        List<GetResponse> got = getAll(List.of(get(root)));

        assertThat(put).extracting(r -> r.getStatus().getCode()).containsExactly(0, 0);
        assertThat(put).extracting(PutResponse::getActionId).containsExactly(root, root);
        assertThat(got).singleElement().satisfies(r -> {
            assertThat(r.getStatus().getCode()).isZero();
            assertThat(r.getActionId()).isEqualTo(root);
            assertThat(struct(r.getState())).isEqualTo(struct(json));
        });
        assertThat(stateVersion(root)).as("version after two puts").isEqualTo(2);
    }

    @Test
    void shouldAnswerEveryPutInOrderWhenThousandArePipelinedOnOneStream() throws Exception {
        ActionIdentifier root = newRun();
        List<ActionIdentifier> targets = new ArrayList<>(List.of(root));
        for (int i = 1; i < 50; i++) {
            queue.enqueueAction(Fixtures.enqueue(root.getRun(), "c" + i, null));
            targets.add(Fixtures.actionId(root.getRun(), "c" + i));
        }
        List<PutRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            requests.add(put(targets.get(i % targets.size()), "{\"seq\": " + i + "}"));
        }

        List<PutResponse> responses = putAll(requests);

        assertThat(responses).hasSize(1_000);
        assertThat(responses).extracting(PutResponse::getActionId)
                .containsExactlyElementsOf(requests.stream().map(PutRequest::getActionId).toList());
        assertThat(responses).allSatisfy(r -> assertThat(r.getStatus().getCode()).isZero());
        // Handled in order: each action keeps the last state sent for it, at version 1000 / 50.
        List<GetResponse> stored = getAll(targets.stream().map(StatePutGetIT::get).toList());
        for (int k = 0; k < targets.size(); k++) {
            assertThat(struct(stored.get(k).getState())).isEqualTo(struct("{\"seq\": " + (950 + k) + "}"));
            assertThat(stateVersion(targets.get(k))).isEqualTo(20);
        }
    }

    @Test
    void shouldAnswerBadPutsInBandAndChangeNothingWhileStreamContinues() throws Exception {
        ActionIdentifier root = newRun();
        ActionIdentifier unknown = Fixtures.actionId(root.getRun(), "missing");
        ActionIdentifier badName = root.toBuilder().setRun(root.getRun().toBuilder().setProject("")).build();
        String oversized = "{\"pad\": \"" + "x".repeat(MAX_STATE_BYTES) + "\"}";
        StreamRecorder<PutResponse> responses = new StreamRecorder<>();
        StreamObserver<PutRequest> requests = state.put(responses);
        requests.onNext(put(root, "{\"phase\": \"PHASE_INITIALIZING\"}"));
        responses.awaitMessage(r -> true);
        DatabaseState before = DatabaseState.capture(db);

        List<PutRequest> bad = List.of(
                PutRequest.newBuilder().setState("{}").build(),
                put(root, ""),
                put(root, "[1,2]"),
                put(root, "not json"),
                put(root, oversized),
                put(unknown, "{\"phase\": \"PHASE_RUNNING\"}"),
                put(badName, "{}"),
                put(root, "{\"a\": \"\\u0000\"}"));
        bad.forEach(requests::onNext);
        await().atMost(Duration.ofSeconds(15)).until(() -> responses.messages.size() == 1 + bad.size());
        DatabaseState after = DatabaseState.capture(db);
        requests.onNext(put(root, "{\"phase\": \"PHASE_RUNNING\"}"));
        requests.onCompleted();

        assertThat(responses.awaitEnd()).isEqualTo(Status.OK);
        assertThat(after).as("database after the rejected puts").isEqualTo(before);
        assertThat(responses.messages).extracting(r -> r.getStatus().getCode())
                .containsExactly(0, 3, 3, 3, 3, 3, 5, 3, 3, 0);
        assertThat(responses.messages.get(1).getStatus().getMessage()).contains("action_id");
        assertThat(responses.messages.get(2).getStatus().getMessage()).contains("state");
        assertThat(responses.messages.get(3).getStatus().getMessage()).contains("JSON object");
        assertThat(responses.messages.get(4).getStatus().getMessage()).contains("not valid JSON");
        assertThat(responses.messages.get(5).getStatus().getMessage()).contains("maxStateSizeBytes");
        assertThat(responses.messages.get(6).getStatus().getMessage()).contains("missing");
        assertThat(responses.messages.get(6).getActionId()).isEqualTo(unknown);
        assertThat(responses.messages.get(7).getStatus().getMessage()).contains("project");
        assertThat(details(root).getStatus().getPhase()).isEqualTo(Phase.PHASE_RUNNING);
    }

    @Test
    void shouldMoveActionWhenStatesReportPhasesAndIgnoreLaterBackwardOne() throws Exception {
        ActionIdentifier root = newRun();

        List<PutResponse> responses = putAll(List.of(
                put(root, "{\"phase\": \"PHASE_RUNNING\"}"),
                put(root, "{\"phase\": \"PHASE_SUCCEEDED\", \"outputUri\": \"s3://b/o\"}")));

        assertThat(responses).extracting(r -> r.getStatus().getCode()).containsExactly(0, 0);
        ActionDetails done = details(root);
        assertThat(done.getStatus().getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(done.getStatus().getAttempts()).isEqualTo(1);
        assertThat(done.getStatus().hasEndTime()).isTrue();
        assertThat(done.getAttemptsList()).singleElement().satisfies(a -> {
            assertThat(a.getAttempt()).isEqualTo(1);
            assertThat(a.getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
            assertThat(a.getOutputs().getOutputUri()).isEqualTo("s3://b/o");
            assertThat(a.getPhaseTransitionsList()).extracting(PhaseTransition::getPhase)
                    .containsExactly(Phase.PHASE_RUNNING, Phase.PHASE_SUCCEEDED);
        });

        String late = "{\"phase\": \"PHASE_RUNNING\", \"late\": true}";
        assertThat(putAll(List.of(put(root, late)))).singleElement()
                .satisfies(r -> assertThat(r.getStatus().getCode()).as("a late state is still stored").isZero());
        assertThat(details(root)).as("after a late RUNNING").isEqualTo(done);
        assertThat(struct(getAll(List.of(get(root))).getFirst().getState())).isEqualTo(struct(late));
    }

    @Test
    void shouldRecordErrorWithKindWhenStateReportsFailure() throws Exception {
        ActionIdentifier root = newRun();

        putAll(List.of(put(root, "{\"phase\": 4}"), put(root, """
                {"phase": "FAILED", "error": {"message": "ValueError: bad", "kind": "USER"}}""")));

        ActionDetails failed = details(root);
        assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.PHASE_FAILED);
        assertThat(failed.getErrorInfo().getKind()).isEqualTo(ErrorInfo.Kind.KIND_USER);
        assertThat(failed.getErrorInfo().getMessage()).isEqualTo("ValueError: bad");
        assertThat(failed.getAttemptsList()).singleElement().extracting(ActionAttempt::getErrorInfo)
                .isEqualTo(failed.getErrorInfo());
    }

    @Test
    void shouldAnswerGetsInBandWhenStateNeverPutOrRequestBad() throws Exception {
        ActionIdentifier root = newRun();
        ActionIdentifier child = Fixtures.actionId(root.getRun(), "c1");
        queue.enqueueAction(Fixtures.enqueue(root.getRun(), "c1", null));
        putAll(List.of(put(child, "{\"phase\": \"RUNNING\"}")));

        List<GetResponse> responses = getAll(List.of(
                get(root),
                GetRequest.getDefaultInstance(),
                get(Fixtures.actionId(root.getRun(), "missing")),
                get(child)));

        assertThat(responses).extracting(r -> r.getStatus().getCode()).containsExactly(5, 3, 5, 0);
        assertThat(responses.getFirst().getStatus().getMessage()).contains(root.getRun().getName(), "a0");
        assertThat(responses.getFirst().getActionId()).isEqualTo(root);
        assertThat(responses.getFirst().getState()).isEmpty();
        assertThat(struct(responses.getLast().getState())).isEqualTo(struct("{\"phase\": \"RUNNING\"}"));
    }

    @Test
    void shouldAnswerOneMessageStreamsWhenCalledAsUnaryOverConnect() throws Exception {
        ActionIdentifier root = newRun();
        ConnectJsonClient connect = new ConnectJsonClient(server.httpBase());

        PutResponse put = connect.call("flyteidl2.workflow.StateService", "Put",
                put(root, "{\"phase\": \"PHASE_RUNNING\"}"), PutResponse.newBuilder());
        GetResponse got = connect.call("flyteidl2.workflow.StateService", "Get", get(root), GetResponse.newBuilder());

        assertThat(put.getStatus().getCode()).isZero();
        assertThat(struct(got.getState())).isEqualTo(struct("{\"phase\": \"PHASE_RUNNING\"}"));
        assertThat(details(root).getStatus().getPhase()).isEqualTo(Phase.PHASE_RUNNING);
    }

    private static ActionIdentifier newRun() {
        RunIdentifier run = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(run));
        return Fixtures.actionId(run, "a0");
    }

    private static PutRequest put(ActionIdentifier action, String json) {
        return PutRequest.newBuilder().setActionId(action).setState(json).build();
    }

    private static GetRequest get(ActionIdentifier action) {
        return GetRequest.newBuilder().setActionId(action).build();
    }

    /** Sends every request on one stream without waiting, half-closes, and returns the answers. */
    private static List<PutResponse> putAll(List<PutRequest> requests) throws InterruptedException {
        return exchange(state::put, requests);
    }

    private static List<GetResponse> getAll(List<GetRequest> requests) throws InterruptedException {
        return exchange(state::get, requests);
    }

    private static <Q, R> List<R> exchange(Function<StreamObserver<R>, StreamObserver<Q>> open, List<Q> requests)
            throws InterruptedException {
        StreamRecorder<R> responses = new StreamRecorder<>();
        StreamObserver<Q> stream = open.apply(responses);
        requests.forEach(stream::onNext);
        stream.onCompleted();
        // A thousand transactions may take a while on a slow machine: wait on the end, not on a fixed budget.
        await().atMost(Duration.ofSeconds(120)).until(responses::ended);
        assertThat(responses.awaitEnd()).isEqualTo(Status.OK);
        return List.copyOf(responses.messages);
    }

    private static ActionDetails details(ActionIdentifier action) {
        return runs.getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(action).build()).getDetails();
    }

    private static Struct struct(String json) throws Exception {
        Struct.Builder s = Struct.newBuilder();
        JsonFormat.parser().merge(json, s);
        return s.build();
    }

    private static long stateVersion(ActionIdentifier action) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT s.version
                       FROM action_states s
                       JOIN actions a ON a.id = s.action_id
                      WHERE a.project = ? AND a.run_name = ? AND a.name = ?
                     """)) {
            ps.setString(1, action.getRun().getProject());
            ps.setString(2, action.getRun().getName());
            ps.setString(3, action.getName());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a state row for %s", action.getName()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}

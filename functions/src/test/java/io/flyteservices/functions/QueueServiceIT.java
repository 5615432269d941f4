package io.flyteservices.functions;

import com.google.protobuf.Timestamp;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ListRequest;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.OutputReferences;
import flyteidl2.task.TraceSpec;
import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.AbortQueuedRunRequest;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ActionType;
import flyteidl2.workflow.ConditionAction;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.TraceAction;
import io.flyteservices.testkit.DatabaseState;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.flyteservices.testkit.GrpcAssertions.assertRejectedUnchanged;
import static org.assertj.core.api.Assertions.assertThat;

/** QueueService over real gRPC against a real PostgreSQL: good input, bad input, and no side effects. */
class QueueServiceIT {

    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;
    private static QueueServiceGrpc.QueueServiceBlockingStub queue;
    private static DataSource db;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        runs = RunServiceGrpc.newBlockingStub(server.channel());
        queue = QueueServiceGrpc.newBlockingStub(server.channel());
        db = TestDatabase.get().dataSource();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldQueueChildWithParentGroupAndMetadataWhenEnqueued() throws SQLException {
        RunIdentifier id = newRun();

        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0").toBuilder().setGroup("g1").setSubject("alice").build());

        Action child = actions(id).get("c1");
        assertThat(child.getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        assertThat(child.getStatus().getAttempts()).isZero();
        assertThat(child.getMetadata().getParent()).isEqualTo("a0");
        assertThat(child.getMetadata().getGroup()).isEqualTo("g1");
        assertThat(child.getMetadata().getActionType()).isEqualTo(ActionType.ACTION_TYPE_TASK);
        assertThat(child.getMetadata().getTask().getShortName()).isEqualTo("child");
        assertThat(child.getMetadata().getTask().getTaskType()).isEqualTo("container");
        assertThat(child.getMetadata().getExecutedBy().getUser().getId().getSubject()).isEqualTo("alice");
        assertThat(pendingEntries(id, "c1")).isEqualTo(1);
    }

    @Test
    void shouldHangActionUnderRootWhenParentIsAbsent() {
        RunIdentifier id = newRun();

        queue.enqueueAction(Fixtures.enqueue(id, "c1", null));

        assertThat(actions(id).get("c1").getMetadata().getParent()).isEqualTo("a0");
    }

    @Test
    void shouldQueueGrandchildWhenParentIsAChild() throws SQLException {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));

        queue.enqueueAction(Fixtures.enqueue(id, "c1", "p1"));

        assertThat(actions(id).get("c1").getMetadata().getParent()).isEqualTo("p1");
        assertThat(pendingEntries(id, "c1")).isEqualTo(1);
    }

    @Test
    void shouldAnswerAlreadyExistsAndChangeNothingWhenActionIdIsTaken() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));

        EnqueueActionRequest again = Fixtures.enqueue(id, "c1", "a0").toBuilder().setGroup("other").build();
        assertRejectedUnchanged(db, Status.Code.ALREADY_EXISTS, "c1", () -> queue.enqueueAction(again));

        assertThat(actions(id).get("c1").getMetadata().getGroup()).isEmpty();
    }

    @Test
    void shouldAnswerAlreadyExistsWhenEnqueueingTheRootAgain() {
        RunIdentifier id = newRun();

        assertRejectedUnchanged(db, Status.Code.ALREADY_EXISTS, "a0",
                () -> queue.enqueueAction(Fixtures.enqueue(id, "a0", null)));
    }

    @Test
    void shouldAnswerNotFoundAndChangeNothingWhenRunIsUnknown() {
        RunIdentifier missing = Fixtures.runId(Fixtures.uniqueProject(), "no-such-run");

        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "no-such-run",
                () -> queue.enqueueAction(Fixtures.enqueue(missing, "c1", "a0")));
    }

    @Test
    void shouldAnswerNotFoundAndChangeNothingWhenParentIsUnknown() {
        RunIdentifier id = newRun();

        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "no-parent",
                () -> queue.enqueueAction(Fixtures.enqueue(id, "c1", "no-parent")));
    }

    @Test
    void shouldAnswerInvalidArgumentAndChangeNothingWhenRequestIsMalformed() {
        RunIdentifier id = newRun();
        EnqueueActionRequest valid = Fixtures.enqueue(id, "c1", "a0");

        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id",
                () -> queue.enqueueAction(valid.toBuilder().clearActionId().build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id.name",
                () -> queue.enqueueAction(valid.toBuilder().setActionId(Fixtures.actionId(id, "")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id.name",
                () -> queue.enqueueAction(valid.toBuilder().setActionId(Fixtures.actionId(id, "n".repeat(31)))
                        .build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id.run.project",
                () -> queue.enqueueAction(valid.toBuilder().setActionId(Fixtures.actionId(
                        id.toBuilder().setProject("").build(), "c1")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "spec",
                () -> queue.enqueueAction(valid.toBuilder().clearSpec().build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "input_uri",
                () -> queue.enqueueAction(valid.toBuilder().setInputUri("").build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_output_base",
                () -> queue.enqueueAction(valid.toBuilder().setRunOutputBase("").build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "trace",
                () -> queue.enqueueAction(valid.toBuilder().setTrace(TraceAction.newBuilder().setName("t")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "condition",
                () -> queue.enqueueAction(valid.toBuilder().setCondition(ConditionAction.newBuilder().setName("c"))
                        .build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "input_uri",
                () -> queue.enqueueAction(valid.toBuilder().setInputUri("relative/inputs.pb").build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "input_uri",
                () -> queue.enqueueAction(valid.toBuilder().setInputUri("file:///etc/passwd").build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_output_base",
                () -> queue.enqueueAction(valid.toBuilder().setRunOutputBase("file:///tmp/../etc/").build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "group",
                () -> queue.enqueueAction(valid.toBuilder().setGroup("a\0b").build()));
    }

    @Test
    void shouldAcceptFileUrisUnderTheStoragePrefix() {
        RunIdentifier id = newRun();
        String base = server.storage().toUri() + id.getName() + "/";

        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0").toBuilder()
                .setInputUri(base + "c1/inputs.pb").setRunOutputBase(base).build());

        var details = runs.getActionDetails(flyteidl2.workflow.GetActionDetailsRequest.newBuilder()
                .setActionId(Fixtures.actionId(id, "c1")).build()).getDetails();
        assertThat(details.getStatus().getPhase()).isEqualTo(flyteidl2.workflow.Phase.PHASE_QUEUED);
    }

    @Test
    void shouldQueueActionWhenNameHasThirtyCharacters() {
        RunIdentifier id = newRun();
        String name = "n".repeat(30);

        queue.enqueueAction(Fixtures.enqueue(id, name, "a0"));

        assertThat(actions(id)).containsKey(name);
    }

    @Test
    void shouldAnswerFailedPreconditionAndChangeNothingWhenRunIsAborted() {
        RunIdentifier id = newRun();
        queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(id).build());

        assertRejectedUnchanged(db, Status.Code.FAILED_PRECONDITION, id.getName(),
                () -> queue.enqueueAction(Fixtures.enqueue(id, "late", "a0")));
    }

    @Test
    void shouldAnswerFailedPreconditionAndChangeNothingWhenParentIsAborted() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));
        queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "p1")).build());

        assertRejectedUnchanged(db, Status.Code.FAILED_PRECONDITION, "p1",
                () -> queue.enqueueAction(Fixtures.enqueue(id, "late", "p1")));
    }

    @Test
    void shouldRecordSucceededAttemptAndNoQueueEntryWhenTraceIsEnqueued() throws SQLException {
        RunIdentifier id = newRun();
        Timestamp started = Timestamp.newBuilder().setSeconds(1_750_000_000L).setNanos(123_456_000).build();
        Timestamp ended = Timestamp.newBuilder().setSeconds(1_750_000_005L).build();
        String outputs = "file:///tmp/flyte-test/" + id.getName() + "/t1/1/";

        queue.enqueueAction(Fixtures.enqueue(id, "t1", "a0").toBuilder()
                .setTrace(TraceAction.newBuilder().setName("fetch").setSpec(TraceSpec.getDefaultInstance())
                        .setOutputs(OutputReferences.newBuilder().setOutputUri(outputs))
                        .setStartTime(started).setEndTime(ended))
                .build());

        ActionDetails trace = details(Fixtures.actionId(id, "t1"));
        assertThat(trace.getStatus().getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(trace.getStatus().getAttempts()).isEqualTo(1);
        assertThat(trace.getStatus().getEndTime()).isEqualTo(ended);
        assertThat(trace.getMetadata().getActionType()).isEqualTo(ActionType.ACTION_TYPE_TRACE);
        assertThat(trace.getMetadata().getTrace().getName()).isEqualTo("fetch");
        assertThat(trace.getAttemptsList()).hasSize(1);
        ActionAttempt attempt = trace.getAttempts(0);
        assertThat(attempt.getAttempt()).isEqualTo(1);
        assertThat(attempt.getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(attempt.getOutputs().getOutputUri()).isEqualTo(outputs);
        assertThat(attempt.getStartTime()).isEqualTo(started);
        assertThat(attempt.getEndTime()).isEqualTo(ended);
        assertThat(entries(id, "t1")).isZero();
    }

    @Test
    void shouldRecordTraceSucceededWhenItReportsAnUnknownPhaseNumber() {
        // PRODUCT BUG: PhaseRules.traceRecordedPhase(Phase.UNRECOGNIZED) calls UNRECOGNIZED.getNumber(), which
        // throws, so this valid request (a newer client's phase number) answers INTERNAL. See PhaseRulesTest.
        RunIdentifier id = newRun();

        queue.enqueueAction(Fixtures.enqueue(id, "t1", "a0").toBuilder()
                .setTrace(TraceAction.newBuilder().setName("fetch").setSpec(TraceSpec.getDefaultInstance())
                        .setPhaseValue(42))
                .build());

        assertThat(details(Fixtures.actionId(id, "t1")).getStatus().getPhase()).isEqualTo(Phase.PHASE_SUCCEEDED);
    }

    @Test
    void shouldQueueConditionActionWhenEnqueued() throws SQLException {
        RunIdentifier id = newRun();

        queue.enqueueAction(Fixtures.enqueue(id, "approve", "a0").toBuilder()
                .setCondition(ConditionAction.newBuilder().setName("approval").setGlobal(true).setPrompt("Ship it?"))
                .build());

        Action condition = actions(id).get("approve");
        assertThat(condition.getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        assertThat(condition.getMetadata().getActionType()).isEqualTo(ActionType.ACTION_TYPE_CONDITION);
        assertThat(condition.getMetadata().getCondition().getName()).isEqualTo("approval");
        assertThat(condition.getMetadata().getCondition().getGlobal()).isTrue();
        assertThat(pendingEntries(id, "approve")).isEqualTo(1);
    }

    @Test
    void shouldAnswerResourceExhaustedAndChangeNothingWhenQueueIsFull() throws Exception {
        RunIdentifier id = newRun();
        long pending = count("SELECT count(*) FROM queued_actions WHERE status = 0");

        try (TestServer small = TestServer.start(Map.of("queue.max-queue-size", pending + 1))) {
            QueueServiceGrpc.QueueServiceBlockingStub smallQueue = QueueServiceGrpc.newBlockingStub(small.channel());
            smallQueue.enqueueAction(Fixtures.enqueue(id, "fits", "a0"));

            assertRejectedUnchanged(db, Status.Code.RESOURCE_EXHAUSTED, "queue",
                    () -> smallQueue.enqueueAction(Fixtures.enqueue(id, "overflows", "a0")));
            // A retried enqueue of an action already in is a duplicate, full queue or not (clients take it as done).
            assertRejectedUnchanged(db, Status.Code.ALREADY_EXISTS, "fits",
                    () -> smallQueue.enqueueAction(Fixtures.enqueue(id, "fits", "a0")));
        }
        assertThat(actions(id)).containsKey("fits").doesNotContainKey("overflows");
    }

    @Test
    void shouldAbortEveryActiveActionWithDefaultReasonWhenRunIsAborted() throws SQLException {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c2", "c1"));
        queue.enqueueAction(trace(id, "t1"));

        queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(id).build());

        for (String name : new String[]{"a0", "c1", "c2"}) {
            ActionDetails action = details(Fixtures.actionId(id, name));
            assertThat(action.getStatus().getPhase()).as(name).isEqualTo(Phase.PHASE_ABORTED);
            assertThat(action.getAbortInfo().getReason()).as(name).isEqualTo("User requested abort");
            assertThat(action.getStatus().hasEndTime()).as(name).isTrue();
        }
        ActionDetails finished = details(Fixtures.actionId(id, "t1"));
        assertThat(finished.getStatus().getPhase()).as("a terminal action stays").isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(finished.hasAbortInfo()).isFalse();
        assertThat(runEntries(id)).as("unclaimed queue entries are withdrawn").isZero();
    }

    @Test
    void shouldRecordGivenReasonWhenRunIsAbortedWithReason() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));

        queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(id).setReason("out of budget").build());

        assertThat(details(Fixtures.actionId(id, "a0")).getAbortInfo().getReason()).isEqualTo("out of budget");
        assertThat(details(Fixtures.actionId(id, "c1")).getAbortInfo().getReason()).isEqualTo("out of budget");
    }

    @Test
    void shouldChangeNothingWhenRunIsAbortedTwice() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(id).setReason("first").build());

        DatabaseState before = DatabaseState.capture(db);
        queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(id).setReason("second").build());

        assertThat(DatabaseState.capture(db)).isEqualTo(before);
        assertThat(details(Fixtures.actionId(id, "c1")).getAbortInfo().getReason()).isEqualTo("first");
    }

    @Test
    void shouldAnswerNotFoundOrInvalidArgumentAndChangeNothingWhenAbortRunRequestIsBad() {
        RunIdentifier missing = Fixtures.runId(Fixtures.uniqueProject(), "gone");

        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "gone",
                () -> queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder().setRunId(missing).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id",
                () -> queue.abortQueuedRun(AbortQueuedRunRequest.getDefaultInstance()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.name",
                () -> queue.abortQueuedRun(AbortQueuedRunRequest.newBuilder()
                        .setRunId(missing.toBuilder().setName("")).build()));
    }

    @Test
    void shouldAbortSubtreeOnlyWhenActionIsAborted() throws SQLException {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "p1"));
        queue.enqueueAction(Fixtures.enqueue(id, "g1", "c1"));
        queue.enqueueAction(Fixtures.enqueue(id, "s1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "s2", "s1"));

        queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "p1"))
                .setReason("not needed").build());

        for (String name : new String[]{"p1", "c1", "g1"}) {
            ActionDetails action = details(Fixtures.actionId(id, name));
            assertThat(action.getStatus().getPhase()).as(name).isEqualTo(Phase.PHASE_ABORTED);
            assertThat(action.getAbortInfo().getReason()).as(name).isEqualTo("not needed");
            assertThat(entries(id, name)).as("queue entry of %s", name).isZero();
        }
        for (String name : new String[]{"a0", "s1", "s2"}) {
            assertThat(details(Fixtures.actionId(id, name)).getStatus().getPhase()).as(name)
                    .isEqualTo(Phase.PHASE_QUEUED);
            assertThat(pendingEntries(id, name)).as("queue entry of %s", name).isEqualTo(1);
        }
    }

    @Test
    void shouldUseDefaultReasonWhenActionIsAbortedWithoutReason() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));

        queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "p1")).build());

        assertThat(details(Fixtures.actionId(id, "p1")).getAbortInfo().getReason()).isEqualTo("User requested abort");
    }

    @Test
    void shouldChangeNothingWhenActionIsAbortedTwice() {
        RunIdentifier id = newRun();
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "p1"));
        AbortQueuedActionRequest abort = AbortQueuedActionRequest.newBuilder()
                .setActionId(Fixtures.actionId(id, "p1")).build();
        queue.abortQueuedAction(abort);

        DatabaseState before = DatabaseState.capture(db);
        queue.abortQueuedAction(abort);

        assertThat(DatabaseState.capture(db)).isEqualTo(before);
    }

    @Test
    void shouldAnswerNotFoundOrInvalidArgumentAndChangeNothingWhenAbortActionRequestIsBad() {
        RunIdentifier id = newRun();
        RunIdentifier missingRun = Fixtures.runId(Fixtures.uniqueProject(), "gone");

        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "no-such-action",
                () -> queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder()
                        .setActionId(Fixtures.actionId(id, "no-such-action")).build()));
        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "gone",
                () -> queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder()
                        .setActionId(Fixtures.actionId(missingRun, "a0")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id",
                () -> queue.abortQueuedAction(AbortQueuedActionRequest.getDefaultInstance()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id.name",
                () -> queue.abortQueuedAction(AbortQueuedActionRequest.newBuilder()
                        .setActionId(Fixtures.actionId(id, "")).build()));
    }

    private static RunIdentifier newRun() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        return id;
    }

    private static EnqueueActionRequest trace(RunIdentifier id, String name) {
        return Fixtures.enqueue(id, name, "a0").toBuilder()
                .setTrace(TraceAction.newBuilder().setName(name).setSpec(TraceSpec.getDefaultInstance()))
                .build();
    }

    private static Map<String, Action> actions(RunIdentifier id) {
        return runs.listActions(ListActionsRequest.newBuilder().setRunId(id)
                        .setRequest(ListRequest.newBuilder().setLimit(200)).build())
                .getActionsList().stream()
                .collect(Collectors.toMap(a -> a.getId().getName(), Function.identity()));
    }

    private static ActionDetails details(ActionIdentifier id) {
        return runs.getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(id).build()).getDetails();
    }

    /** Queue entries of one action, pending ones only. */
    private static long pendingEntries(RunIdentifier run, String action) throws SQLException {
        return entries(run, action, " AND q.status = 0");
    }

    /** Queue entries of one action, whatever their status. */
    private static long entries(RunIdentifier run, String action) throws SQLException {
        return entries(run, action, "");
    }

    private static long entries(RunIdentifier run, String action, String condition) throws SQLException {
        return count("""
                SELECT count(*)
                  FROM queued_actions q
                  JOIN actions a ON a.id = q.action_id
                 WHERE a.org = ? AND a.project = ? AND a.domain = ? AND a.run_name = ? AND a.name = ?""" + condition,
                run.getOrg(), run.getProject(), run.getDomain(), run.getName(), action);
    }

    /** Queue entries of every action of a run, whatever their status. */
    private static long runEntries(RunIdentifier run) throws SQLException {
        return count("""
                SELECT count(*)
                  FROM queued_actions q
                  JOIN runs r ON r.id = q.run_id
                 WHERE r.org = ? AND r.project = ? AND r.domain = ? AND r.name = ?""",
                run.getOrg(), run.getProject(), run.getDomain(), run.getName());
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

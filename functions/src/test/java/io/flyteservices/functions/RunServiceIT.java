package io.flyteservices.functions;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ListRequest;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.TaskAction;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.flyteservices.testkit.GrpcAssertions.assertFails;
import static io.flyteservices.testkit.GrpcAssertions.assertRejectedUnchanged;
import static org.assertj.core.api.Assertions.assertThat;

/** RunService's unary RPCs over real gRPC against a real PostgreSQL: good input, bad input, and no side effects. */
class RunServiceIT {

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
    void shouldCreateQueuedRootActionWhenRunNameGiven() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());

        Run run = runs.createRun(Fixtures.createRun(id)).getRun();

        assertThat(run.getAction().getId().getRun()).isEqualTo(id);
        assertThat(run.getAction().getId().getName()).isEqualTo("a0");
        assertThat(run.getAction().getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        assertThat(run.getAction().getStatus().getAttempts()).isZero();
        assertThat(run.getAction().getMetadata().getTask().getShortName()).isEqualTo("hello");
        assertThat(run.getAction().getMetadata().getTask().getTaskType()).isEqualTo("container");
    }

    @Test
    void shouldGenerateValidRunNameWhenOnlyProjectGiven() {
        CreateRunRequest request = CreateRunRequest.newBuilder()
                .setProjectId(Fixtures.projectId(Fixtures.uniqueProject()))
                .setTaskSpec(Fixtures.taskSpec("hello"))
                .build();

        String name = runs.createRun(request).getRun().getAction().getId().getRun().getName();

        assertThat(name).matches("r[bcdfghjklmnpqrstvwxz2456789]{19}");
    }

    @Test
    void shouldWriteInputsFileAndServeItWhenRunCreated() throws Exception {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));

        Path file = server.storage().resolve(id.getProject()).resolve("development").resolve(id.getName())
                .resolve("inputs").resolve("inputs.pb");
        assertThat(flyteidl2.task.Inputs.parseFrom(Files.readAllBytes(file))).isEqualTo(Fixtures.inputs("name", "world"));
        var data = runs.getActionData(GetActionDataRequest.newBuilder()
                .setActionId(Fixtures.actionId(id, "a0")).build());
        assertThat(data.getInputs()).isEqualTo(Fixtures.inputs("name", "world"));
        assertThat(data.hasOutputs()).isFalse();
    }

    @Test
    void shouldKeepInputsUnderStorageRootWhenProjectLooksLikeAPath() throws Exception {
        RunIdentifier id = Fixtures.runId("../../escape", Fixtures.uniqueRunName());

        runs.createRun(Fixtures.createRun(id));

        Path file = server.storage().resolve("..~2f..~2fescape").resolve("development").resolve(id.getName())
                .resolve("inputs").resolve("inputs.pb");
        assertThat(file).exists();
    }

    @Test
    void shouldRejectDuplicateRunAndKeepOriginalInputs() throws Exception {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));

        CreateRunRequest again = Fixtures.createRun(id).toBuilder().setInputs(Fixtures.inputs("name", "other")).build();
        assertRejectedUnchanged(db, Status.Code.ALREADY_EXISTS, id.getName(), () -> runs.createRun(again));

        var data = runs.getActionData(GetActionDataRequest.newBuilder().setActionId(Fixtures.actionId(id, "a0")).build());
        assertThat(data.getInputs()).isEqualTo(Fixtures.inputs("name", "world"));
    }

    @Test
    void shouldRejectBadCreateRunRequestsAndChangeNothing() {
        String project = Fixtures.uniqueProject();
        RunIdentifier good = Fixtures.runId(project, Fixtures.uniqueRunName());
        CreateRunRequest valid = Fixtures.createRun(good);

        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "id",
                () -> runs.createRun(valid.toBuilder().clearRunId().build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "task",
                () -> runs.createRun(valid.toBuilder().clearTaskSpec().build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.name",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setName("")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.project",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setProject("")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.domain",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setDomain("")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.name",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setName("r".repeat(31))).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.project",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setProject("p".repeat(64))).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id.name",
                () -> runs.createRun(valid.toBuilder().setRunId(good.toBuilder().setName("Bad_Name")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "task_template",
                () -> runs.createRun(valid.toBuilder().setTaskSpec(Fixtures.taskSpec("x").toBuilder()
                        .clearTaskTemplate()).build()));
    }

    @Test
    void shouldFindTaskByIdOnlyWhenAnEarlierRunUsedIt() {
        String project = Fixtures.uniqueProject();
        TaskIdentifier task = TaskIdentifier.newBuilder().setOrg("").setProject(project).setDomain("development")
                .setName("examples.hello").setVersion("v7").build();
        CreateRunRequest byId = CreateRunRequest.newBuilder()
                .setRunId(Fixtures.runId(project, Fixtures.uniqueRunName())).setTaskId(task).build();
        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "examples.hello", () -> runs.createRun(byId));

        // A child action that ran this task version makes it known.
        RunIdentifier first = Fixtures.runId(project, Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(first));
        queue.enqueueAction(Fixtures.enqueue(first, "t1", null).toBuilder()
                .setTask(TaskAction.newBuilder().setId(task).setSpec(Fixtures.taskSpec("known"))).build());

        Run run = runs.createRun(byId).getRun();
        assertThat(run.getAction().getMetadata().getTask().getId()).isEqualTo(task);
        assertThat(run.getAction().getMetadata().getTask().getShortName()).isEqualTo("known");
    }

    @Test
    void shouldAnswerNotFoundForTriggerName() {
        CreateRunRequest request = CreateRunRequest.newBuilder()
                .setRunId(Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName()))
                .setTriggerName(flyteidl2.common.TriggerName.newBuilder().setOrg("o").setProject("p")
                        .setDomain("d").setName("nightly").setTaskName("t"))
                .build();
        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "nightly", () -> runs.createRun(request));
    }

    @Test
    void shouldCreateFiftyDistinctRunsWhenCalledInParallel() throws Exception {
        String project = Fixtures.uniqueProject();
        CreateRunRequest request = CreateRunRequest.newBuilder()
                .setProjectId(Fixtures.projectId(project))
                .setTaskSpec(Fixtures.taskSpec("hello"))
                .build();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> names = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                names.add(pool.submit(() -> runs.createRun(request).getRun().getAction().getId().getRun().getName()));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : names) {
                distinct.add(f.get());
            }
            assertThat(distinct).hasSize(50);
        }
    }

    @Test
    void shouldReturnRunDetailsWithSpecAndRootAction() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        var spec = flyteidl2.task.RunSpec.newBuilder().setOverwriteCache(true).setCluster("c1").build();
        runs.createRun(Fixtures.createRun(id).toBuilder().setRunSpec(spec).build());

        var details = runs.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(id).build()).getDetails();

        assertThat(details.getRunSpec()).isEqualTo(spec);
        assertThat(details.getAction().getId().getName()).isEqualTo("a0");
        assertThat(details.getAction().getTask()).isEqualTo(Fixtures.taskSpec("hello"));
        assertThat(details.getAction().getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        assertThat(details.getAction().getAttemptsList()).isEmpty();
    }

    @Test
    void shouldAnswerNotFoundAndInvalidArgumentForDetailsReads() {
        RunIdentifier missing = Fixtures.runId(Fixtures.uniqueProject(), "nope");
        assertFails(Status.Code.NOT_FOUND, "nope",
                () -> runs.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(missing).build()));
        assertFails(Status.Code.NOT_FOUND, "nope",
                () -> runs.getActionDetails(GetActionDetailsRequest.newBuilder()
                        .setActionId(Fixtures.actionId(missing, "a0")).build()));
        assertFails(Status.Code.NOT_FOUND, "nope",
                () -> runs.getActionData(GetActionDataRequest.newBuilder()
                        .setActionId(Fixtures.actionId(missing, "a0")).build()));
        assertFails(Status.Code.INVALID_ARGUMENT, "run_id",
                () -> runs.getRunDetails(GetRunDetailsRequest.getDefaultInstance()));
        assertFails(Status.Code.INVALID_ARGUMENT, "action_id",
                () -> runs.getActionDetails(GetActionDetailsRequest.getDefaultInstance()));
        assertFails(Status.Code.INVALID_ARGUMENT, "action_id.name",
                () -> runs.getActionDetails(GetActionDetailsRequest.newBuilder()
                        .setActionId(Fixtures.actionId(missing, "")).build()));
        assertFails(Status.Code.INVALID_ARGUMENT, "action_id",
                () -> runs.getActionData(GetActionDataRequest.getDefaultInstance()));
        assertFails(Status.Code.INVALID_ARGUMENT, "run_id",
                () -> runs.listActions(ListActionsRequest.getDefaultInstance()));
        assertFails(Status.Code.NOT_FOUND, "nope",
                () -> runs.listActions(ListActionsRequest.newBuilder().setRunId(missing).build()));
    }

    @Test
    void shouldAbortRunAndRecordReason() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));

        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).setReason("changed my mind").build());

        ActionDetails root = details(Fixtures.actionId(id, "a0"));
        assertThat(root.getStatus().getPhase()).isEqualTo(Phase.PHASE_ABORTED);
        assertThat(root.getAbortInfo().getReason()).isEqualTo("changed my mind");
        assertThat(root.getStatus().hasEndTime()).isTrue();
        assertThat(details(Fixtures.actionId(id, "c1")).getStatus().getPhase()).isEqualTo(Phase.PHASE_ABORTED);
    }

    @Test
    void shouldChangeNothingWhenAbortingAFinishedRun() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).build());

        var before = io.flyteservices.testkit.DatabaseState.capture(db);
        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).setReason("again").build());

        assertThat(io.flyteservices.testkit.DatabaseState.capture(db)).isEqualTo(before);
        assertThat(details(Fixtures.actionId(id, "a0")).getAbortInfo().getReason()).isEqualTo("User requested abort");
    }

    @Test
    void shouldAbortActionAndDescendantsOnly() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        queue.enqueueAction(Fixtures.enqueue(id, "p1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "p1"));
        queue.enqueueAction(Fixtures.enqueue(id, "s1", "a0"));

        runs.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "p1")).build());

        assertThat(details(Fixtures.actionId(id, "p1")).getStatus().getPhase()).isEqualTo(Phase.PHASE_ABORTED);
        assertThat(details(Fixtures.actionId(id, "c1")).getStatus().getPhase()).isEqualTo(Phase.PHASE_ABORTED);
        assertThat(details(Fixtures.actionId(id, "s1")).getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
        assertThat(details(Fixtures.actionId(id, "a0")).getStatus().getPhase()).isEqualTo(Phase.PHASE_QUEUED);
    }

    @Test
    void shouldAnswerNotFoundOrInvalidArgumentForBadAborts() {
        RunIdentifier missing = Fixtures.runId(Fixtures.uniqueProject(), "gone");
        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "gone",
                () -> runs.abortRun(AbortRunRequest.newBuilder().setRunId(missing).build()));
        assertRejectedUnchanged(db, Status.Code.NOT_FOUND, "gone",
                () -> runs.abortAction(AbortActionRequest.newBuilder()
                        .setActionId(Fixtures.actionId(missing, "a0")).build()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "run_id",
                () -> runs.abortRun(AbortRunRequest.getDefaultInstance()));
        assertRejectedUnchanged(db, Status.Code.INVALID_ARGUMENT, "action_id",
                () -> runs.abortAction(AbortActionRequest.getDefaultInstance()));
    }

    @Test
    void shouldListEveryActionOfRunIncludingRoot() {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        queue.enqueueAction(Fixtures.enqueue(id, "c1", "a0"));
        queue.enqueueAction(Fixtures.enqueue(id, "c2", "c1"));

        var actions = runs.listActions(ListActionsRequest.newBuilder().setRunId(id)
                .setRequest(ListRequest.newBuilder().setLimit(2)).build());
        var rest = runs.listActions(ListActionsRequest.newBuilder().setRunId(id)
                .setRequest(ListRequest.newBuilder().setLimit(2).setToken(actions.getToken())).build());

        assertThat(actions.getActionsList()).extracting(a -> a.getId().getName()).containsExactly("c2", "c1");
        assertThat(rest.getActionsList()).extracting(a -> a.getId().getName()).containsExactly("a0");
        assertThat(rest.getToken()).isEmpty();
        assertThat(actions.getActions(0).getMetadata().getParent()).isEqualTo("c1");
    }

    private static ActionDetails details(ActionIdentifier id) {
        return runs.getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(id).build()).getDetails();
    }
}

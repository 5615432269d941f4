package io.flyteservices.status;

import flyteidl2.workflow.ActionType;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.phase.Transition;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.NewAction;
import io.flyteservices.store.NewRun;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.RunStore;
import io.flyteservices.store.TransitionRow;
import io.flyteservices.testkit.DatabaseState;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reported statuses applied to real rows: what moves an action, and what is ignored (DESIGN §3, §5). */
class StatusRecorderTest {

    private static final ReportedStatus.Failure USER_ERROR =
            new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "ValueError: boom");

    private final Db db = new Db(TestDatabase.get().dataSource());
    private final ActionStore actions = new ActionStore();
    private final AttemptStore attempts = new AttemptStore();
    private final QueueStore queue = new QueueStore();
    private final StatusRecorder recorder = new StatusRecorder(actions, attempts, queue);

    @Test
    void shouldMoveActionAndStartAttemptOneWhenRunningReportedForQueuedAction() {
        ActionRow queued = queuedAction();

        Transition t = record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(t.applies()).isTrue();
        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(now.version()).isEqualTo(queued.version() + 1);
        assertThat(now.endedAt()).isNull();
        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
            assertThat(a.endedAt()).isNull();
        });
        assertThat(transitionsOf(queued)).singleElement().satisfies(tr -> {
            assertThat(tr.phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
            assertThat(tr.endedAt()).isNull();
        });
        assertThat(queueEntries(queued)).isEqualTo(1);
    }

    @Test
    void shouldEndActionAndStoreOutputUriOnAttemptWhenSucceeded() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        Transition t = record(reload(queued), new ReportedStatus(1, Phase.PHASE_SUCCEEDED, "s3://b/o", null));

        assertThat(t.applies()).isTrue();
        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_SUCCEEDED_VALUE);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(now.endedAt()).isNotNull();
        assertThat(now.errorKind()).isNull();
        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Phase.PHASE_SUCCEEDED_VALUE);
            assertThat(a.outputUri()).isEqualTo("s3://b/o");
            assertThat(a.endedAt()).isNotNull();
        });
        List<TransitionRow> transitions = transitionsOf(queued);
        assertThat(transitions).extracting(TransitionRow::phase)
                .containsExactly(Phase.PHASE_RUNNING_VALUE, Phase.PHASE_SUCCEEDED_VALUE);
        assertThat(transitions.get(0).endedAt()).isNotNull();
        assertThat(transitions.get(1).endedAt()).isNull();
        assertThat(queueEntries(queued)).as("queue entry of a finished action").isZero();
    }

    @Test
    void shouldKeepOutputUriWhenLaterStatusReportsNone() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_INITIALIZING, "s3://b/early", null));

        record(reload(queued), new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::outputUri).isEqualTo("s3://b/early");
    }

    @Test
    void shouldRecordErrorWithKindOnActionAndAttemptWhenFailed() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        record(reload(queued), new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));

        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_FAILED_VALUE);
        assertThat(now.errorKind()).isEqualTo(ErrorInfo.Kind.KIND_USER_VALUE);
        assertThat(now.errorMessage()).isEqualTo("ValueError: boom");
        assertThat(now.endedAt()).isNotNull();
        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Phase.PHASE_FAILED_VALUE);
            assertThat(a.errorKind()).isEqualTo(ErrorInfo.Kind.KIND_USER_VALUE);
            assertThat(a.errorMessage()).isEqualTo("ValueError: boom");
        });
    }

    @Test
    void shouldRecordSystemErrorWhenTimedOut() {
        ActionRow queued = queuedAction();

        record(queued, new ReportedStatus(1, Phase.PHASE_TIMED_OUT, null,
                new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, "deadline exceeded")));

        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_TIMED_OUT_VALUE);
        assertThat(now.errorKind()).isEqualTo(ErrorInfo.Kind.KIND_SYSTEM_VALUE);
        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::errorKind)
                .isEqualTo(ErrorInfo.Kind.KIND_SYSTEM_VALUE);
    }

    @Test
    void shouldNotRecordErrorWhenPhaseIsNoFailure() {
        ActionRow queued = queuedAction();

        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, USER_ERROR));

        assertThat(reload(queued).errorMessage()).isNull();
        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::errorMessage).isNull();
    }

    @Test
    void shouldIgnoreStatusAndChangeNothingWhenItMovesBackward() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        ActionRow running = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        Transition t = record(running, new ReportedStatus(1, Phase.PHASE_INITIALIZING, "s3://b/late", null));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(reload(queued)).usingRecursiveComparison().isEqualTo(running);
        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::outputUri).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_SUCCEEDED", "PHASE_FAILED", "PHASE_ABORTED", "PHASE_TIMED_OUT"})
    void shouldIgnoreEveryLaterStatusWhenActionIsTerminal(Phase terminal) {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, terminal, null, null));
        ActionRow finished = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        for (Phase later : List.of(Phase.PHASE_RUNNING, Phase.PHASE_SUCCEEDED, Phase.PHASE_FAILED,
                Phase.PHASE_ABORTED)) {
            assertThat(record(finished, new ReportedStatus(1, later, "s3://b/late", USER_ERROR)))
                    .as("%s after %s", later, terminal).isInstanceOf(Transition.Ignore.class);
            assertThat(record(finished, new ReportedStatus(2, later, null, null)))
                    .as("%s of a newer attempt after %s", later, terminal).isInstanceOf(Transition.Ignore.class);
        }

        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(reload(queued).phase()).isEqualTo(terminal.getNumber());
    }

    @Test
    void shouldIgnoreStatusWhenRowChangedSinceItWasRead() {
        ActionRow stale = queuedAction();
        record(stale, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        Transition t = record(stale, new ReportedStatus(1, Phase.PHASE_SUCCEEDED, "s3://b/o", null));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(reload(stale).phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
    }

    @Test
    void shouldChangeNothingWhenQueuedReportedBeforeFirstAttempt() {
        ActionRow queued = queuedAction();
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        Transition t = record(queued, new ReportedStatus(1, Phase.PHASE_QUEUED, null, null));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(attemptsOf(queued)).isEmpty();
    }

    @Test
    void shouldChangeNothingWhenSamePhaseReportedAgain() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        Transition t = record(reload(queued), new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(transitionsOf(queued)).hasSize(1);
    }

    @Test
    void shouldWalkEveryForwardPhaseWhenReportedInOrder() {
        ActionRow queued = queuedAction();

        for (Phase p : List.of(Phase.PHASE_WAITING_FOR_RESOURCES, Phase.PHASE_INITIALIZING, Phase.PHASE_RUNNING,
                Phase.PHASE_SUCCEEDED)) {
            assertThat(record(reload(queued), new ReportedStatus(1, p, null, null)).applies()).as("%s", p).isTrue();
        }

        List<TransitionRow> transitions = transitionsOf(queued);
        assertThat(transitions).extracting(TransitionRow::phase).containsExactly(
                Phase.PHASE_WAITING_FOR_RESOURCES_VALUE, Phase.PHASE_INITIALIZING_VALUE, Phase.PHASE_RUNNING_VALUE,
                Phase.PHASE_SUCCEEDED_VALUE);
        assertThat(transitions).filteredOn(tr -> tr.endedAt() == null).hasSize(1);
        assertThat(reload(queued).version()).isEqualTo(queued.version() + 4);
    }

    private Transition record(ActionRow action, ReportedStatus status) {
        return db.inTransaction("recording a status", c -> recorder.record(c, action, status));
    }

    /** A run with its root action QUEUED, no attempts and a queue entry, as CreateRun leaves it. */
    private ActionRow queuedAction() {
        RunKey run = new RunKey("", Fixtures.uniqueProject(), "development", Fixtures.uniqueRunName());
        return db.inTransaction("creating a run", c -> {
            long runId = new RunStore().insertIfAbsent(c, new NewRun(run, new byte[0], "file:///in/inputs.pb",
                    "file:///out/", 0)).orElseThrow().id();
            long id = actions.insertIfAbsent(c, new NewAction(runId, ActionKey.root(run), null, "",
                    ActionType.ACTION_TYPE_TASK_VALUE, Phase.PHASE_QUEUED_VALUE, 0, NewAction.TaskColumns.NONE,
                    "hello", new byte[0], "file:///in/inputs.pb", "file:///out/", "", null, null)).orElseThrow();
            queue.insert(c, id, runId);
            return actions.findById(c, id).orElseThrow();
        });
    }

    private ActionRow reload(ActionRow action) {
        return db.read("reading an action", c -> actions.findById(c, action.id()).orElseThrow());
    }

    private List<AttemptRow> attemptsOf(ActionRow action) {
        return db.read("reading attempts", c -> attempts.attemptsOf(c, action.id()));
    }

    private List<TransitionRow> transitionsOf(ActionRow action) {
        return db.read("reading transitions", c -> attempts.transitionsOf(c, action.id()));
    }

    private int queueEntries(ActionRow action) {
        return db.read("counting queue entries", c -> count(c, action.id()));
    }

    private static int count(Connection c, long actionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM queued_actions WHERE action_id = ?")) {
            ps.setLong(1, actionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

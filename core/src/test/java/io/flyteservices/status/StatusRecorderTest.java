package io.flyteservices.status;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl2.core.TaskLog;
import flyteidl2.workflow.ActionType;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.phase.Transition;
import io.flyteservices.queue.Aborter;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.ClusterEventRow;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Reported statuses applied to real rows: what moves an action, and what is ignored (DESIGN §3, §5). */
class StatusRecorderTest {

    private static final ReportedStatus.Failure USER_ERROR =
            new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "ValueError: boom");
    private static final TaskLog STDOUT = TaskLog.newBuilder().setName("stdout").setUri("https://logs/a/stdout")
            .setMessageFormat(TaskLog.MessageFormat.JSON).build();
    private static final TaskLog DASHBOARD = TaskLog.newBuilder().setName("pod").setUri("https://k8s/pod/a")
            .setLinkType(TaskLog.LinkType.DASHBOARD).build();
    private static final TaskLog FINAL = TaskLog.newBuilder().setName("stdout").setUri("https://logs/a/final")
            .setReady(true).build();

    private final Db db = new Db(TestDatabase.get().dataSource());
    private final ActionStore actions = new ActionStore();
    private final AttemptStore attempts = new AttemptStore();
    private final QueueStore queue = new QueueStore();
    private final StatusRecorder recorder = new StatusRecorder(actions, attempts, queue,
            new Aborter(db, new RunStore(), actions, attempts, queue));

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

    @Test
    void shouldStoreLogsOnAttemptAndKeepThemWhenLaterStatusCarriesNone() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null, List.of(STDOUT, DASHBOARD), null));
        assertThat(logsOf(queued, 1)).containsExactly(STDOUT, DASHBOARD);

        record(reload(queued), new ReportedStatus(1, Phase.PHASE_SUCCEEDED, "s3://b/o", null, null, null));

        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::phase)
                .isEqualTo(Phase.PHASE_SUCCEEDED_VALUE);
        assertThat(logsOf(queued, 1)).containsExactly(STDOUT, DASHBOARD);
    }

    @Test
    void shouldReplaceLogsWhenLaterStatusCarriesNewOnes() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null, List.of(STDOUT, DASHBOARD), null));

        record(reload(queued), new ReportedStatus(1, Phase.PHASE_SUCCEEDED, null, null, List.of(FINAL), null));

        assertThat(logsOf(queued, 1)).containsExactly(FINAL);
    }

    @Test
    void shouldStoreNoLogsWhenStatusComesFromTheTaskItself() {
        ActionRow queued = queuedAction();

        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> assertThat(a.logInfo()).isEmpty());
        assertThat(executorOf(queued, 1)).isNull();
    }

    @Test
    void shouldRecordExecutorOnAttemptAndKeepItWhenLaterStatusNamesNone() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_INITIALIZING, null, null, null, "exec-1"));
        assertThat(executorOf(queued, 1)).isEqualTo("exec-1");

        record(reload(queued), new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(attemptsOf(queued)).singleElement().extracting(AttemptRow::phase)
                .isEqualTo(Phase.PHASE_RUNNING_VALUE);
        assertThat(executorOf(queued, 1)).isEqualTo("exec-1");
    }

    @Test
    void shouldEndAttemptFailedAndQueueActionAgainWhenRetryRecorded() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null, List.of(STDOUT), "exec-1"));
        ActionRow running = reload(queued);

        Transition t = retry(running, new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR, List.of(FINAL),
                "exec-1"));

        assertThat(t.applies()).isTrue();
        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_QUEUED_VALUE);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(now.errorKind()).isNull();
        assertThat(now.errorMessage()).isNull();
        assertThat(now.endedAt()).isNull();
        assertThat(now.version()).isEqualTo(running.version() + 1);
        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> {
            assertThat(a.attempt()).isEqualTo(1);
            assertThat(a.phase()).isEqualTo(Phase.PHASE_FAILED_VALUE);
            assertThat(a.errorKind()).isEqualTo(ErrorInfo.Kind.KIND_USER_VALUE);
            assertThat(a.errorMessage()).isEqualTo("ValueError: boom");
            assertThat(a.endedAt()).isNotNull();
        });
        assertThat(logsOf(queued, 1)).containsExactly(FINAL);
        List<TransitionRow> transitions = transitionsOf(queued);
        assertThat(transitions).extracting(TransitionRow::attempt, TransitionRow::phase).containsExactly(
                tuple(1, Phase.PHASE_RUNNING_VALUE),
                tuple(1, Phase.PHASE_FAILED_VALUE));
        assertThat(transitions.get(0).endedAt()).isNotNull();
        assertThat(queueEntries(queued)).as("the caller keeps or releases the queue entry").isEqualTo(1);
    }

    @Test
    void shouldStartAttemptTwoAndMoveActionWhenItReportsAfterRetry() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null, null, "exec-1"));
        retry(reload(queued), new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR, null, "exec-1"));
        ActionRow requeued = reload(queued);

        Transition t = record(requeued, new ReportedStatus(2, Phase.PHASE_INITIALIZING, null, null, null, "exec-2"));

        assertThat(t.applies()).isTrue();
        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_INITIALIZING_VALUE);
        assertThat(now.attempts()).isEqualTo(2);
        assertThat(now.errorKind()).isNull();
        assertThat(attemptsOf(queued)).extracting(AttemptRow::attempt, AttemptRow::phase).containsExactly(
                tuple(1, Phase.PHASE_FAILED_VALUE),
                tuple(2, Phase.PHASE_INITIALIZING_VALUE));
        assertThat(transitionsOf(queued)).filteredOn(tr -> tr.attempt() == 2).singleElement().satisfies(tr -> {
            assertThat(tr.phase()).isEqualTo(Phase.PHASE_INITIALIZING_VALUE);
            assertThat(tr.endedAt()).isNull();
        });
        assertThat(executorOf(queued, 1)).isEqualTo("exec-1");
        assertThat(executorOf(queued, 2)).isEqualTo("exec-2");
    }

    @Test
    void shouldAbortActiveDescendantsWhenAParentEnds() {
        ActionRow parent = queuedAction();
        record(parent, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        ActionRow child = runningChild(reload(parent), "c1");
        ActionRow grandchild = runningChild(reload(parent), "c1-g1");
        db.inTransaction("reparent", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE actions SET parent_name = 'c1' WHERE id = ?")) {
                ps.setLong(1, grandchild.id());
                return ps.executeUpdate();
            }
        });
        ActionRow finished = runningChild(reload(parent), "c2");
        record(finished, new ReportedStatus(1, Phase.PHASE_SUCCEEDED, null, null));

        record(reload(parent), new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));

        for (ActionRow descendant : List.of(child, grandchild)) {
            ActionRow now = reload(descendant);
            assertThat(now.phase()).isEqualTo(Phase.PHASE_ABORTED_VALUE);
            assertThat(now.abortReason()).isEqualTo("parent action a0 ended PHASE_FAILED");
            assertThat(attemptsOf(descendant)).extracting(AttemptRow::phase).containsExactly(Phase.PHASE_ABORTED_VALUE);
            assertThat(queueEntries(descendant)).as("an unleased entry is withdrawn").isZero();
        }
        assertThat(reload(finished).phase()).isEqualTo(Phase.PHASE_SUCCEEDED_VALUE);
    }

    @Test
    void shouldIgnoreLateStatusOfTheFailedAttemptWhenARetryIsPending() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        retry(reload(queued), new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));
        ActionRow requeued = reload(queued);

        Transition lateFailure = record(requeued, new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));
        Transition lateRunning = record(reload(queued), new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        assertThat(lateFailure).isInstanceOf(Transition.Ignore.class);
        assertThat(lateRunning).isInstanceOf(Transition.Ignore.class);
        assertThat(reload(queued)).usingRecursiveComparison().isEqualTo(requeued);
        assertThat(queueEntries(queued)).as("the retry's queue entry survives").isEqualTo(1);
    }

    @Test
    void shouldCountFailedAttemptWhenRetryRecordedBeforeItReportedAnything() {
        ActionRow queued = queuedAction();

        Transition t = retry(queued, new ReportedStatus(1, Phase.PHASE_FAILED, null,
                new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, "pod could not start")));

        assertThat(t.applies()).isTrue();
        ActionRow now = reload(queued);
        assertThat(now.phase()).isEqualTo(Phase.PHASE_QUEUED_VALUE);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(attemptsOf(queued)).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Phase.PHASE_FAILED_VALUE);
            assertThat(a.errorKind()).isEqualTo(ErrorInfo.Kind.KIND_SYSTEM_VALUE);
            assertThat(a.errorMessage()).isEqualTo("pod could not start");
        });
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_SUCCEEDED", "PHASE_FAILED", "PHASE_ABORTED", "PHASE_TIMED_OUT"})
    void shouldIgnoreRetryAndChangeNothingWhenActionIsTerminal(Phase terminal) {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        record(reload(queued), new ReportedStatus(1, terminal, null, USER_ERROR));
        ActionRow finished = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        Transition t = retry(finished, new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(reload(queued)).usingRecursiveComparison().isEqualTo(finished);
    }

    @Test
    void shouldIgnoreRetryWhenActionMovedToNewerAttempt() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        retry(reload(queued), new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));
        record(reload(queued), new ReportedStatus(2, Phase.PHASE_RUNNING, null, null));
        ActionRow second = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        Transition t = retry(second, new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(reload(queued).phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
    }

    @Test
    void shouldIgnoreRetryWhenRowChangedSinceItWasRead() {
        ActionRow stale = queuedAction();
        record(stale, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));

        Transition t = retry(stale, new ReportedStatus(1, Phase.PHASE_FAILED, null, USER_ERROR));

        assertThat(t).isInstanceOf(Transition.Ignore.class);
        assertThat(reload(stale).phase()).isEqualTo(Phase.PHASE_RUNNING_VALUE);
        assertThat(attemptsOf(stale)).singleElement().extracting(AttemptRow::phase)
                .isEqualTo(Phase.PHASE_RUNNING_VALUE);
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PHASE_RUNNING", "PHASE_SUCCEEDED", "PHASE_TIMED_OUT", "PHASE_ABORTED"})
    void shouldRejectRetryAndChangeNothingWhenStatusIsNotFailed(Phase phase) {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        ActionRow running = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        assertThatThrownBy(() -> retry(running, new ReportedStatus(1, phase, null, USER_ERROR)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
        assertThat(reload(queued)).usingRecursiveComparison().isEqualTo(running);
    }

    @Test
    void shouldRejectRetryAndChangeNothingWhenFailedStatusHasNoFailure() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        ActionRow running = reload(queued);
        DatabaseState before = DatabaseState.capture(TestDatabase.get().dataSource());

        assertThatThrownBy(() -> retry(running, new ReportedStatus(1, Phase.PHASE_FAILED, null, null)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(DatabaseState.capture(TestDatabase.get().dataSource())).isEqualTo(before);
    }

    @Test
    void shouldListClusterEventsByAttemptInRecordedOrderWhenRecorded() {
        ActionRow queued = queuedAction();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        db.inTransaction("recording cluster events", c -> {
            recorder.recordClusterEvent(c, queued, 2, t0.plusSeconds(30), "attempt 2: Scheduled");
            recorder.recordClusterEvent(c, queued, 1, t0.plusSeconds(10), "attempt 1: Pulling image");
            recorder.recordClusterEvent(c, queued, 1, t0, "attempt 1: Scheduled (reported late)");
            return null;
        });

        List<ClusterEventRow> events = db.read("reading cluster events",
                c -> attempts.clusterEventsOf(c, queued.id()));

        assertThat(events).containsExactly(
                new ClusterEventRow(queued.id(), 1, t0.plusSeconds(10), "attempt 1: Pulling image"),
                new ClusterEventRow(queued.id(), 1, t0, "attempt 1: Scheduled (reported late)"),
                new ClusterEventRow(queued.id(), 2, t0.plusSeconds(30), "attempt 2: Scheduled"));
    }

    @Test
    void shouldKeepRecordingClusterEventsWhenActionFinished() {
        ActionRow queued = queuedAction();
        record(queued, new ReportedStatus(1, Phase.PHASE_SUCCEEDED, null, null));
        ActionRow finished = reload(queued);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        db.inTransaction("recording a cluster event", c -> {
            recorder.recordClusterEvent(c, finished, 1, at, "Killing: pod deleted");
            return null;
        });

        List<ClusterEventRow> events = db.read("reading cluster events",
                c -> attempts.clusterEventsOf(c, queued.id()));
        assertThat(events).containsExactly(new ClusterEventRow(queued.id(), 1, at, "Killing: pod deleted"));
        assertThat(reload(queued)).usingRecursiveComparison().isEqualTo(finished);
    }

    private Transition record(ActionRow action, ReportedStatus status) {
        return db.inTransaction("recording a status", c -> recorder.record(c, action, status));
    }

    private Transition retry(ActionRow action, ReportedStatus failed) {
        return db.inTransaction("recording a retry", c -> recorder.recordRetry(c, action, failed));
    }

    private List<TaskLog> logsOf(ActionRow action, int attempt) {
        return attemptsOf(action).stream().filter(a -> a.attempt() == attempt).findFirst().orElseThrow()
                .logInfo().stream().map(StatusRecorderTest::taskLog).toList();
    }

    private static TaskLog taskLog(byte[] bytes) {
        try {
            return TaskLog.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("stored log is no TaskLog", e);
        }
    }

    private String executorOf(ActionRow action, int attempt) {
        return db.read("reading the executor of an attempt", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT executor_id FROM action_attempts WHERE action_id = ? AND attempt = ?")) {
                ps.setLong(1, action.id());
                ps.setInt(2, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("attempt %s exists", attempt).isTrue();
                    return rs.getString(1);
                }
            }
        });
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

    /** A running child of {@code parent}, with its queue entry. */
    private ActionRow runningChild(ActionRow parent, String name) {
        ActionRow child = db.inTransaction("creating a child", c -> {
            long id = actions.insertIfAbsent(c, new NewAction(parent.runId(), new ActionKey(parent.key().run(), name),
                    parent.key().name(), "", ActionType.ACTION_TYPE_TASK_VALUE, Phase.PHASE_QUEUED_VALUE, 0,
                    NewAction.TaskColumns.NONE, "child", new byte[0], "file:///in/inputs.pb", "file:///out/", "",
                    null, null)).orElseThrow();
            queue.insert(c, id, parent.runId());
            return actions.findById(c, id).orElseThrow();
        });
        record(child, new ReportedStatus(1, Phase.PHASE_RUNNING, null, null));
        return reload(child);
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

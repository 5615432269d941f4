package io.flyteservices.runs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import flyteidl2.common.EnrichedIdentity;
import flyteidl2.core.LogContext;
import flyteidl2.core.TaskLog;
import flyteidl2.task.OutputReferences;
import flyteidl2.workflow.AbortInfo;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ActionMetadata;
import flyteidl2.workflow.ActionSpec;
import flyteidl2.workflow.ActionStatus;
import flyteidl2.workflow.ClusterEvent;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.PhaseTransition;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.ClusterEventRow;
import io.flyteservices.store.TransitionRow;

import java.time.Instant;
import java.util.List;

/** Converts stored action rows to the protos clients see. The only home of this conversion. */
public final class ActionProtos {

    private ActionProtos() {
    }

    /** The summary of an action: id, metadata and status. */
    public static Action toAction(ActionRow row) {
        return Action.newBuilder()
                .setId(row.key().toProto())
                .setMetadata(metadata(row, ActionSpecs.parse(row.spec())))
                .setStatus(status(row))
                .build();
    }

    /** Everything about an action, with every attempt's transitions and cluster events. */
    public static ActionDetails toDetails(ActionRow row, List<AttemptRow> attempts, List<TransitionRow> transitions,
                                          List<ClusterEventRow> events) {
        ActionSpec spec = ActionSpecs.parse(row.spec());
        ActionDetails.Builder details = ActionDetails.newBuilder()
                .setId(row.key().toProto())
                .setMetadata(metadata(row, spec))
                .setStatus(status(row));
        if (row.phase() == Phase.PHASE_FAILED_VALUE || row.phase() == Phase.PHASE_TIMED_OUT_VALUE) {
            details.setErrorInfo(errorInfo(row.errorKind(), row.errorMessage()));
        } else if (row.phase() == Phase.PHASE_ABORTED_VALUE) {
            details.setAbortInfo(abortInfo(row));
        }
        switch (spec.getSpecCase()) {
            case TASK -> details.setTask(spec.getTask().getSpec());
            case TRACE -> details.setTrace(spec.getTrace().getSpec());
            default -> {
            }
        }
        for (AttemptRow attempt : attempts) {
            details.addAttempts(attempt(attempt, transitions, events));
        }
        return details.build();
    }

    private static ActionMetadata metadata(ActionRow row, ActionSpec spec) {
        ActionMetadata.Builder m = ActionMetadata.newBuilder().setGroup(row.group());
        if (row.parentName() != null) {
            m.setParent(row.parentName());
        }
        if (row.executedBy() != null) {
            m.setExecutedBy(parseIdentity(row.executedBy()));
        }
        ActionSpecs.fillMetadata(m, spec);
        return m.build();
    }

    private static ActionStatus status(ActionRow row) {
        ActionStatus.Builder s = ActionStatus.newBuilder()
                .setPhaseValue(row.phase())
                .setStartTime(timestamp(row.createdAt()))
                .setAttempts(row.attempts())
                .setCacheStatusValue(row.cacheStatus());
        if (row.endedAt() != null) {
            s.setEndTime(timestamp(row.endedAt()));
        }
        return s.build();
    }

    private static ActionAttempt attempt(AttemptRow a, List<TransitionRow> transitions, List<ClusterEventRow> events) {
        ActionAttempt.Builder b = ActionAttempt.newBuilder()
                .setAttempt(a.attempt())
                .setPhaseValue(a.phase())
                .setStartTime(timestamp(a.startedAt()))
                .setLogsAvailable(a.logsAvailable())
                .setCacheStatusValue(a.cacheStatus())
                .setCluster(a.cluster());
        if (a.endedAt() != null) {
            b.setEndTime(timestamp(a.endedAt()));
        }
        if (a.errorMessage() != null || a.errorKind() != null) {
            b.setErrorInfo(errorInfo(a.errorKind(), a.errorMessage()));
        }
        for (byte[] log : a.logInfo()) {
            b.addLogInfo(parseLog(log));
        }
        if (a.outputUri() != null || a.reportUri() != null) {
            OutputReferences.Builder o = OutputReferences.newBuilder();
            if (a.outputUri() != null) {
                o.setOutputUri(a.outputUri());
            }
            if (a.reportUri() != null) {
                o.setReportUri(a.reportUri());
            }
            b.setOutputs(o);
        }
        if (a.logContext() != null) {
            b.setLogContext(parseLogContext(a.logContext()));
        }
        for (TransitionRow t : transitions) {
            if (t.actionId() == a.actionId() && t.attempt() == a.attempt()) {
                PhaseTransition.Builder pt = PhaseTransition.newBuilder()
                        .setPhaseValue(t.phase())
                        .setStartTime(timestamp(t.startedAt()));
                if (t.endedAt() != null) {
                    pt.setEndTime(timestamp(t.endedAt()));
                }
                b.addPhaseTransitions(pt);
            }
        }
        for (ClusterEventRow e : events) {
            if (e.actionId() == a.actionId() && e.attempt() == a.attempt()) {
                b.addClusterEvents(clusterEvent(e));
            }
        }
        return b.build();
    }

    private static ErrorInfo errorInfo(Integer kind, String message) {
        return ErrorInfo.newBuilder()
                .setKindValue(kind == null ? ErrorInfo.Kind.KIND_UNSPECIFIED_VALUE : kind)
                .setMessage(message == null ? "" : message)
                .build();
    }

    private static AbortInfo abortInfo(ActionRow row) {
        AbortInfo.Builder info = AbortInfo.newBuilder();
        if (row.abortReason() != null) {
            info.setReason(row.abortReason());
        }
        if (row.abortedBy() != null) {
            info.setAbortedBy(parseIdentity(row.abortedBy()));
        }
        return info.build();
    }

    public static ClusterEvent clusterEvent(ClusterEventRow e) {
        return ClusterEvent.newBuilder().setOccurredAt(timestamp(e.occurredAt())).setMessage(e.message()).build();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static EnrichedIdentity parseIdentity(byte[] bytes) {
        try {
            return EnrichedIdentity.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored identity is not a valid EnrichedIdentity", e);
        }
    }

    private static TaskLog parseLog(byte[] bytes) {
        try {
            return TaskLog.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored log entry is not a valid TaskLog", e);
        }
    }

    private static LogContext parseLogContext(byte[] bytes) {
        try {
            return LogContext.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored log context is not a valid LogContext", e);
        }
    }
}

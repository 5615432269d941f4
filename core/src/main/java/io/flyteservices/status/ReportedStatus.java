package io.flyteservices.status;

import flyteidl2.core.TaskLog;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;

import java.util.List;
import java.util.Objects;

/**
 * A status someone reports for one attempt of an action: the phase it reached, where its outputs are (null when
 * not reported), why it failed (null when not reported; only kept with FAILED or TIMED_OUT), where its logs are
 * (null when not reported) and which executor runs it (null when not reported by an executor).
 */
public record ReportedStatus(int attempt, Phase phase, String outputUri, Failure failure, List<TaskLog> logs,
                             String executorId) {

    /** A status from a task's own report (StateService): no logs, no executor. */
    public ReportedStatus(int attempt, Phase phase, String outputUri, Failure failure) {
        this(attempt, phase, outputUri, failure, null, null);
    }

    public ReportedStatus {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        Objects.requireNonNull(phase, "phase");
        if (outputUri != null && outputUri.isEmpty()) {
            outputUri = null;
        }
        logs = logs == null ? null : List.copyOf(logs);
    }

    /** Why an attempt failed: who is to blame and what happened. */
    public record Failure(ErrorInfo.Kind kind, String message) {

        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }
}

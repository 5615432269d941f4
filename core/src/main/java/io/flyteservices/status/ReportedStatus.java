package io.flyteservices.status;

import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;

import java.util.Objects;

/**
 * A status someone reports for one attempt of an action: the phase it reached, where its outputs are (null when
 * not reported) and why it failed (null when not reported; only kept with FAILED or TIMED_OUT).
 */
public record ReportedStatus(int attempt, Phase phase, String outputUri, Failure failure) {

    public ReportedStatus {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        Objects.requireNonNull(phase, "phase");
        if (outputUri != null && outputUri.isEmpty()) {
            outputUri = null;
        }
    }

    /** Why an attempt failed: who is to blame and what happened. */
    public record Failure(ErrorInfo.Kind kind, String message) {

        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }
}

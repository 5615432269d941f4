package io.flyteservices.executor.backend;

import java.util.Objects;

/** How an attempt ended, as far as the backend can tell; the executor maps it to a phase and a retry decision. */
public sealed interface AttemptOutcome {

    /** Who is to blame for a failure; mirrors {@code flyteidl2.core.ExecutionError.ErrorKind}. */
    enum ErrorKind {
        /** The task's own code failed (non-zero exit); retried under the task's retry policy. */
        USER,
        /** The platform failed (the command could not start, the pod was evicted); retried up to a system limit. */
        SYSTEM
    }

    /** The work completed successfully (exit code 0). */
    record Succeeded() implements AttemptOutcome {
    }

    /** The work failed; {@code message} says why, for the attempt's error. */
    record Failed(ErrorKind kind, String message) implements AttemptOutcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The work was stopped by {@link RunningAttempt#abort()}. */
    record Aborted() implements AttemptOutcome {
    }

    /** The work ran past the task's timeout and was stopped. */
    record TimedOut() implements AttemptOutcome {
    }
}

package io.flyteservices.executor.backend;

import flyteidl2.core.TaskLog;

import java.util.List;
import java.util.Objects;

/** What a backend reports about one attempt: it started, then it finished. */
public sealed interface BackendEvent {

    /** The attempt's work is running; {@code handle} names it (a process id locally, a pod name on Kubernetes). */
    record Started(String handle) implements BackendEvent {
        public Started {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /** The attempt ended with {@code outcome}; {@code logs} are where its output can be read (may be empty). */
    record Finished(AttemptOutcome outcome, List<TaskLog> logs) implements BackendEvent {
        public Finished {
            Objects.requireNonNull(outcome, "outcome");
            logs = List.copyOf(logs);
        }
    }
}

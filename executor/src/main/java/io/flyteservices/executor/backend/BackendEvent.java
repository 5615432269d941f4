package io.flyteservices.executor.backend;

import flyteidl2.core.TaskLog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a backend reports about one attempt, in order: optionally {@link WaitingForResources} and
 * {@link Initializing}, then {@link Started} once the work runs, any number of {@link ClusterEvent}s, and exactly
 * one {@link Finished}. A backend emits only the events it can observe (a local process has no scheduling wait).
 */
public sealed interface BackendEvent {

    /** The work was accepted but waits for capacity (a pod not yet scheduled); {@code reason} says what for. */
    record WaitingForResources(String handle, String reason) implements BackendEvent {
        public WaitingForResources {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The work is being prepared (a process being spawned, a scheduled pod pulling its image). */
    record Initializing(String handle) implements BackendEvent {
        public Initializing {
            Objects.requireNonNull(handle, "handle");
        }
    }

    /**
     * The attempt's work is running; {@code handle} names it (a process id locally, a pod name on Kubernetes) and
     * {@code logs} say where its output can be read while it runs (may be empty).
     */
    record Started(String handle, List<TaskLog> logs) implements BackendEvent {
        public Started {
            Objects.requireNonNull(handle, "handle");
            logs = List.copyOf(logs);
        }

        public Started(String handle) {
            this(handle, List.of());
        }
    }

    /** Something the platform reported about the attempt's work (a Kubernetes event about its pod). */
    record ClusterEvent(Instant occurredAt, String message) implements BackendEvent {
        public ClusterEvent {
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(message, "message");
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

package io.flyteservices.executor.backend;

import io.flyteservices.model.ActionKey;

import java.util.Optional;

/**
 * Runs one attempt of an action somewhere (a local process, a Kubernetes pod). Implementations do not start
 * anything until {@link #start} is called.
 */
public interface Backend {

    /**
     * Starts one attempt and returns at once, without waiting for the attempt to run. The listener then receives,
     * on the backend's own threads, the attempt's {@link BackendEvent}s in order, ending with exactly one
     * {@link BackendEvent.Finished}, after which {@link RunningAttempt#outcome()} completes with the same outcome.
     * A spec the backend cannot run is reported as a failed attempt ({@link AttemptOutcome.ErrorKind#SYSTEM}), not
     * thrown. Work of the same attempt that already exists (an executor died between creating a pod and recording
     * it) is followed rather than started twice.
     */
    RunningAttempt start(AttemptSpec spec, BackendListener listener);

    /**
     * Follows the work of an attempt that another executor started and lost (its lease expired), if that work
     * outlives its executor: a pod keeps running, so it is followed to its end (reporting {@code Finished} at once
     * when it already ended). Returns empty when the work cannot be followed, after making sure none of it is
     * left running; the executor then records the attempt as lost and starts a new one.
     */
    default Optional<RunningAttempt> adopt(AttemptSpec spec, BackendListener listener) {
        return Optional.empty();
    }

    /**
     * Stops whatever still runs of one attempt whose executor was lost, for an action aborted meanwhile (deletes
     * its pod). Returns once the stop was requested; a no-op when nothing runs.
     */
    default void stopOrphan(ActionKey action, int attempt) {
    }

    /**
     * Whether an attempt's work keeps running when its executor stops (a pod does, a local process does not). A
     * stopping executor then hands such attempts back for another executor to {@link #adopt} instead of
     * stopping them.
     */
    default boolean workOutlivesExecutor() {
        return false;
    }
}

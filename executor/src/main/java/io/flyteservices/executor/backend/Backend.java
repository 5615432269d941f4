package io.flyteservices.executor.backend;

/**
 * Runs one attempt of an action somewhere (a local process, a Kubernetes pod). Implementations do not start
 * anything until {@link #start} is called.
 */
public interface Backend {

    /**
     * Starts one attempt and returns at once, without waiting for the attempt to run. The listener then receives,
     * on the backend's own threads, {@link BackendEvent.Started} once the work is running (omitted when it never
     * started) and exactly one {@link BackendEvent.Finished}, after which {@link RunningAttempt#outcome()}
     * completes with the same outcome. A spec the backend cannot run is reported as a failed attempt
     * ({@link AttemptOutcome.ErrorKind#SYSTEM}), not thrown.
     */
    RunningAttempt start(AttemptSpec spec, BackendListener listener);
}

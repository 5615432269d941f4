package io.flyteservices.executor.backend;

import java.util.concurrent.CompletableFuture;

/** An attempt a {@link Backend} has accepted: a handle to stop it and to learn how it ended. */
public interface RunningAttempt {

    /**
     * Asks the backend to stop the attempt; the outcome becomes {@link AttemptOutcome.Aborted} unless the attempt
     * had already ended. Returns without waiting for the work to stop. Idempotent, and a no-op once finished.
     */
    void abort();

    /**
     * Completes once, after the listener has received {@link BackendEvent.Finished}, with that event's outcome.
     * Never completes exceptionally.
     */
    CompletableFuture<AttemptOutcome> outcome();
}

package io.flyteservices.executor.backend;

/**
 * Receives the events of one attempt. Called from the backend's threads, one event at a time and in order, so an
 * implementation must be thread-safe with respect to the caller of {@link Backend#start} but need not be
 * re-entrant. An exception thrown here is logged by the backend and does not change the attempt's outcome.
 */
@FunctionalInterface
public interface BackendListener {

    /** Handles one event of the attempt. */
    void onEvent(BackendEvent event);
}

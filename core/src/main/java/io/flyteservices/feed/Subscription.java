package io.flyteservices.feed;

import java.util.List;

/**
 * A stream's interest in the feed. {@link FanOut} calls {@link #onChanges} on the feed thread with the changes of
 * the subscription's run (or of every run, for {@link #ALL_RUNS}); the subscription reads what it needs through
 * the batch's shared {@link BatchView}, so each changed entity is read once per batch whatever the number of
 * streams.
 */
public interface Subscription {

    /** {@link #runId()} of a subscription that wants the changes of every run. */
    long ALL_RUNS = -1;

    long runId();

    void onChanges(List<Change> changes, BatchView view);

    /**
     * Names what {@link #onChanges} is going to read for these changes, so the fan-out can read it for every
     * subscription of the batch at once before delivering. Optional: anything not named is read when asked for.
     */
    default void plan(List<Change> changes, BatchView.Plan plan) {
    }
}

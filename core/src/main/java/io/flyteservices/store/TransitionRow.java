package io.flyteservices.store;

import java.time.Instant;

/** A row of {@code phase_transitions}: one phase of one attempt, open while {@code endedAt} is null. */
public record TransitionRow(long actionId, int attempt, int phase, Instant startedAt, Instant endedAt) {
}

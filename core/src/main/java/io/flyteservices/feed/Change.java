package io.flyteservices.feed;

import java.time.Instant;

/**
 * One committed change of a watched row: its sequence number, what kind of row, the run it belongs to and the
 * action ({@code 0} for a change of the run row itself), and when it was written.
 */
public record Change(long seq, Entity entity, long runId, long actionId, Instant changedAt) {
}

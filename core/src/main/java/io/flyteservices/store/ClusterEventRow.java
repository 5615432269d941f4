package io.flyteservices.store;

import java.time.Instant;

/** A row of {@code cluster_events}: something the cluster said about an attempt. */
public record ClusterEventRow(long actionId, int attempt, Instant occurredAt, String message) {
}

package io.flyteservices.store;

import java.time.Instant;

/** A row of {@code executors}: an executor process, when it started, when it last said it was alive. */
public record ExecutorRow(String id, String host, Instant startedAt, Instant lastHeartbeat, int running) {
}

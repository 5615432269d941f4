package io.flyteservices.store;

import io.flyteservices.model.RunKey;

import java.time.Instant;

/** A row of {@code runs}. */
public record RunRow(long id, RunKey key, byte[] runSpec, String inputsUri, String runOutputBase, int source,
                     Instant createdAt) {
}

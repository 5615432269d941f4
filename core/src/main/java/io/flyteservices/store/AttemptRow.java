package io.flyteservices.store;

import java.time.Instant;
import java.util.List;

/** A row of {@code action_attempts}; {@code logInfo} holds one binary flyteidl2.core.TaskLog each. */
public record AttemptRow(long actionId, int attempt, int phase, Instant startedAt, Instant endedAt,
                         Integer errorKind, String errorMessage, List<byte[]> logInfo, boolean logsAvailable,
                         String outputUri, String reportUri, int cacheStatus, String cluster,
                         byte[] logContext) {
}

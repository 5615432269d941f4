package io.flyteservices.store;

import java.util.List;

/**
 * A phase one attempt reached, as written to {@code action_attempts}: {@code outputUri}, {@code logs} and
 * {@code executorId} null keep what is stored; the error (null clears it) is the attempt's own.
 *
 * @param logs binary {@code flyteidl2.core.TaskLog}s
 */
public record AttemptPhase(long actionId, int attempt, int phase, boolean terminal, String outputUri,
                           Integer errorKind, String errorMessage, List<byte[]> logs, String executorId) {
}

package io.flyteservices.store;

import io.flyteservices.model.ActionKey;

import java.time.Instant;

/** A row of {@code actions}. Byte arrays hold binary protobuf: the ActionSpec and identities. */
public record ActionRow(
        long id,
        long runId,
        ActionKey key,
        String parentName,
        String group,
        int actionType,
        int phase,
        int attempts,
        int cacheStatus,
        byte[] spec,
        String inputUri,
        String runOutputBase,
        String cluster,
        byte[] executedBy,
        Integer errorKind,
        String errorMessage,
        String abortReason,
        byte[] abortedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        int version) {
}

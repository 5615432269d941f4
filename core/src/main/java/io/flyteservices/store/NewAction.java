package io.flyteservices.store;

import io.flyteservices.model.ActionKey;

import java.time.Instant;

/**
 * The values of an action about to be inserted. Task columns are null for non-task actions;
 * {@code endedAt} is set only for actions recorded finished (traces).
 */
public record NewAction(
        long runId,
        ActionKey key,
        String parentName,
        String group,
        int actionType,
        int phase,
        int attempts,
        TaskColumns task,
        String shortName,
        byte[] spec,
        String inputUri,
        String runOutputBase,
        String cluster,
        byte[] executedBy,
        Instant endedAt) {

    /** The task identity and type extracted from a task action's spec, for filters and task look-ups. */
    public record TaskColumns(String org, String project, String domain, String name, String version,
                              String type) {
        public static final TaskColumns NONE = new TaskColumns(null, null, null, null, null, null);
    }
}

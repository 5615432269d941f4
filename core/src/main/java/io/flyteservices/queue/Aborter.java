package io.flyteservices.queue;

import flyteidl2.common.EnrichedIdentity;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.RunRow;
import io.flyteservices.store.RunStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Aborts a whole run or one action with its descendants, in one transaction: active actions become ABORTED
 * with the reason and principal, their active attempts end ABORTED, unleased queue entries are withdrawn and
 * leased ones marked for their executor to stop. Terminal actions are left as they are, so aborting a
 * finished run changes nothing and succeeds (BEHAVIOR AbortRun, ours).
 */
@Singleton
public final class Aborter {

    private static final Logger LOG = LoggerFactory.getLogger(Aborter.class);

    private final Db db;
    private final RunStore runs;
    private final ActionStore actions;
    private final AttemptStore attempts;
    private final QueueStore queue;

    public Aborter(Db db, RunStore runs, ActionStore actions, AttemptStore attempts, QueueStore queue) {
        this.db = db;
        this.runs = runs;
        this.actions = actions;
        this.attempts = attempts;
        this.queue = queue;
    }

    /** Aborts every active action of the run; NOT_FOUND if the run does not exist. Returns how many changed. */
    public int abortRun(RunKey key, String reason, EnrichedIdentity principal) {
        String why = reasonOrDefault(reason);
        int changed = db.inTransaction("aborting run", c -> {
            RunRow run = runs.findByKey(c, key).orElseThrow(() -> Errors.notFound("run", key));
            actions.lockForUpdate(c, run.id(), ActionKey.ROOT);
            return finish(c, actions.abortRunIfActive(c, run.id(), why, bytes(principal)), why);
        });
        LOG.info("run aborted run={} actionsAborted={}", key, changed);
        return changed;
    }

    /** Aborts the action and its active descendants; NOT_FOUND if it does not exist. Returns how many changed. */
    public int abortAction(ActionKey key, String reason, EnrichedIdentity principal) {
        String why = reasonOrDefault(reason);
        int changed = db.inTransaction("aborting action", c -> {
            ActionRow action = actions.findByKey(c, key).orElseThrow(() -> Errors.notFound("action", key));
            // Lock the root first: enqueues lock it FOR SHARE, so no child slips in beside the abort.
            actions.lockForUpdate(c, action.runId(), ActionKey.ROOT);
            return finish(c, actions.abortSubtreeIfActive(c, action.runId(), key.name(), why, bytes(principal)), why);
        });
        LOG.info("action aborted action={} actionsAborted={}", key, changed);
        return changed;
    }

    /**
     * In the caller's transaction, for an action that just reached a terminal phase: aborts its descendants that are
     * still active, with their attempts and queue entries, so no child outlives its parent. The caller holds the
     * parent's row lock, so no enqueue under it slips in meanwhile. Returns how many changed.
     */
    public int abortDescendants(Connection c, ActionRow ended, String reason) throws SQLException {
        List<Long> aborted = actions.abortSubtreeIfActive(c, ended.runId(), ended.key().name(), reason, null);
        if (!aborted.isEmpty()) {
            LOG.info("descendants aborted with their parent action={} count={}", ended.key(), aborted.size());
        }
        return finish(c, aborted, reason);
    }

    private int finish(Connection c, List<Long> aborted, String reason) throws SQLException {
        attempts.abortActiveAttempts(c, aborted);
        queue.abortEntries(c, aborted, reason);
        return aborted.size();
    }

    private static String reasonOrDefault(String reason) {
        return reason == null || reason.isBlank() ? PhaseRules.DEFAULT_ABORT_REASON : reason;
    }

    private static byte[] bytes(EnrichedIdentity principal) {
        return principal == null ? null : principal.toByteArray();
    }
}

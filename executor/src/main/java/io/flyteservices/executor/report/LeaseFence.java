package io.flyteservices.executor.report;

import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.QueueStore.EntryStatus;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Writes about a claimed action only while this executor still holds its lease (DESIGN §5: a stale executor's
 * writes are refused). Each write is one transaction that locks the action row, then the queue entry if its holder
 * and lease token are still ours (the order every writer of both uses, so none deadlocks), and only then runs the
 * work; a claim by another executor waits for the lock or, having come first, makes the check fail.
 */
@Singleton
public final class LeaseFence {

    /** Work done under a held lease, on the locked action row. */
    @FunctionalInterface
    public interface FencedWork {
        void apply(Connection c, ActionRow action) throws SQLException;
    }

    /** Work done when the entry turns out to be aborted, on the locked action row (clean-up of the entry). */
    @FunctionalInterface
    public interface AbortedWork {
        void apply(Connection c, ActionRow action) throws SQLException;
    }

    private final Db db;
    private final ActionStore actions;
    private final QueueStore queue;
    private final String executorId;

    public LeaseFence(Db db, ActionStore actions, QueueStore queue, ExecutorIdentity identity) {
        this.db = db;
        this.actions = actions;
        this.queue = queue;
        this.executorId = identity.id();
    }

    /** Runs {@code work} if the lease is held and the entry pending; {@code onAborted} if it was aborted. */
    public Fenced write(String what, Claim claim, FencedWork work, AbortedWork onAborted) {
        return db.inTransaction(what, c -> {
            Optional<ActionRow> action = actions.findByIdForUpdate(c, claim.actionId());
            if (action.isEmpty()) {
                return Fenced.LOST;
            }
            Optional<EntryStatus> entry = queue.lockIfHeld(c, executorId, claim);
            if (entry.isEmpty()) {
                return Fenced.LOST;
            }
            if (entry.get() == EntryStatus.ABORTED) {
                onAborted.apply(c, action.get());
                return Fenced.ABORTED;
            }
            work.apply(c, action.get());
            return Fenced.HELD;
        });
    }

    /** Runs {@code work} if the lease is held, aborted or not (removing an entry whose work was stopped). */
    public Fenced writeHeld(String what, Claim claim, FencedWork work) {
        return write(what, claim, work, work::apply);
    }
}

package io.flyteservices.executor.report;

import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.QueueStore.EntryStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes about a claimed action only while this executor still holds its lease (DESIGN §5: a stale executor's
 * writes are refused). Each write locks the action row, then the queue entry if its holder and lease token are
 * still ours (the order every writer of both uses, so none deadlocks), and only then runs the work; a claim by
 * another executor waits for the lock or, having come first, makes the check fail.
 *
 * <p>Writes of different attempts are grouped: up to {@code executor.statusBatchSize} writes waiting at once are
 * committed in one transaction by one of {@code executor.statusWriters} writer threads (one WAL flush for all of
 * them instead of one each), every write still fenced on its own, and each caller returns only once its write
 * committed. Should the group fail (one write's error aborts the transaction), each of its writes is made again in
 * a transaction of its own, so one bad write fails alone. The work may thus run more than once and must, as with
 * {@link Db#inTransaction}, have no effect outside the database.
 */
@Singleton
public final class LeaseFence {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);

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

    /** One write waiting for a writer. */
    private record Pending(String what, Claim claim, FencedWork work, AbortedWork onAborted,
                           CompletableFuture<Fenced> result) {
    }

    private final Db db;
    private final ActionStore actions;
    private final QueueStore queue;
    private final String executorId;
    private final int batchSize;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    /** A fence writing each write in a transaction of its own. */
    public LeaseFence(Db db, ActionStore actions, QueueStore queue, ExecutorIdentity identity) {
        this(db, actions, queue, identity, 1, 1);
    }

    @Inject
    public LeaseFence(Db db, ActionStore actions, QueueStore queue, ExecutorIdentity identity,
                      ExecutorConfig config) {
        this(db, actions, queue, identity, config.statusBatchSize(), config.statusWriters());
    }

    /** A fence grouping up to {@code batchSize} writes per transaction, {@code writerCount} transactions at once. */
    public LeaseFence(Db db, ActionStore actions, QueueStore queue, ExecutorIdentity identity, int batchSize,
                      int writerCount) {
        this.db = db;
        this.actions = actions;
        this.queue = queue;
        this.executorId = identity.id();
        this.batchSize = batchSize;
        if (batchSize > 1) {
            for (int i = 0; i < writerCount; i++) {
                writers.add(Thread.ofPlatform().name("status-writer-" + i).daemon(true).start(this::writeLoop));
            }
        }
    }

    /** Runs {@code work} if the lease is held and the entry pending; {@code onAborted} if it was aborted. */
    public Fenced write(String what, Claim claim, FencedWork work, AbortedWork onAborted) {
        if (writers.isEmpty() || closed) {
            return db.inTransaction(what, c -> apply(c, claim, work, onAborted));
        }
        Pending p = new Pending(what, claim, work, onAborted, new CompletableFuture<>());
        pending.add(p);
        try {
            return p.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Runs read-only {@code work} if the lease is held and the entry pending, without locking: no row lock means no
     * transaction id, so its commit waits for no WAL flush. A write that follows is fenced as usual, so a lease lost
     * meanwhile is still caught. An aborted entry goes through {@link #write} (its clean-up is a write).
     */
    public Fenced read(String what, Claim claim, FencedWork work, AbortedWork onAborted) {
        Fenced seen = db.inTransaction(what, c -> check(c, claim, work, null, false));
        return seen == Fenced.ABORTED ? write(what, claim, work, onAborted) : seen;
    }

    /** Runs {@code work} if the lease is held, aborted or not (removing an entry whose work was stopped). */
    public Fenced writeHeld(String what, Claim claim, FencedWork work) {
        return write(what, claim, work, work::apply);
    }

    private Fenced apply(Connection c, Claim claim, FencedWork work, AbortedWork onAborted) throws SQLException {
        return check(c, claim, work, onAborted, true);
    }

    /**
     * The fence: the action row, then the entry if this executor still holds it, locked ({@code lock}) or only
     * read; {@code work} runs on a pending entry, {@code onAborted} (when given) on an aborted one.
     */
    private Fenced check(Connection c, Claim claim, FencedWork work, AbortedWork onAborted, boolean lock)
            throws SQLException {
        Optional<ActionRow> action = lock ? actions.findByIdForUpdate(c, claim.actionId())
                : actions.findById(c, claim.actionId());
        if (action.isEmpty()) {
            return Fenced.LOST;
        }
        Optional<EntryStatus> entry = lock ? queue.lockIfHeld(c, executorId, claim)
                : queue.statusIfHeld(c, executorId, claim);
        if (entry.isEmpty()) {
            return Fenced.LOST;
        }
        if (entry.get() == EntryStatus.ABORTED) {
            if (onAborted != null) {
                onAborted.apply(c, action.get());
            }
            return Fenced.ABORTED;
        }
        work.apply(c, action.get());
        return Fenced.HELD;
    }

    private void writeLoop() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch, batchSize - 1);
            writeBatch(batch);
        }
        // Writes queued while stopping are made one by one (a caller must never wait forever).
        List<Pending> left = new ArrayList<>();
        pending.drainTo(left);
        left.forEach(this::writeAlone);
    }

    private void writeBatch(List<Pending> batch) {
        if (batch.size() == 1) {
            writeAlone(batch.getFirst());
            return;
        }
        // Action ids in order, as other writers locking several actions take them.
        batch.sort(Comparator.comparingLong(p -> p.claim().actionId()));
        List<Fenced> results;
        try {
            results = db.inTransaction("writing " + batch.size() + " fenced statuses", c -> {
                List<Fenced> out = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    out.add(apply(c, p.claim(), p.work(), p.onAborted()));
                }
                return out;
            });
        } catch (RuntimeException e) {
            LOG.debug("a grouped status write failed, writing each alone count={}", batch.size(), e);
            batch.forEach(this::writeAlone);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void writeAlone(Pending p) {
        try {
            p.result().complete(db.inTransaction(p.what(), c -> apply(c, p.claim(), p.work(), p.onAborted())));
        } catch (RuntimeException e) {
            p.result().completeExceptionally(e);
        } catch (Error e) {
            p.result().completeExceptionally(e);
            throw e;
        }
    }

    /** Stops the writers once what is queued is written; later writes are made by their callers. */
    @PreDestroy
    public void close() {
        closed = true;
        writers.forEach(Thread::interrupt);
    }
}

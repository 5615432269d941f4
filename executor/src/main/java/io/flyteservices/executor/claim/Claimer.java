package io.flyteservices.executor.claim;

import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.executor.DatabaseOutage;
import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.executor.ExecutorMetrics;
import io.flyteservices.executor.lease.LeaseKeeper;
import io.flyteservices.executor.run.ActionRunner;
import io.flyteservices.executor.run.ClaimRun;
import io.flyteservices.feed.WakeSignal;
import io.flyteservices.queue.QueueConfig;
import io.flyteservices.store.DataAccessException;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Claims queued actions for this executor (DESIGN §5): whenever woken (NOTIFY through {@link QueueWakeups}, an
 * attempt ending) or every {@code executor.pollInterval}, one statement leases up to
 * {@code min(executor.claimBatchSize, free slots)} entries, {@code queue.workerCount} slots in all; each claim runs on
 * a virtual thread of its own while the {@link LeaseKeeper} renews its lease. Once per lease period it also claims
 * aborted entries whose executor died, so what may still run of them is stopped.
 */
@Singleton
public final class Claimer {

    private static final Logger LOG = LoggerFactory.getLogger(Claimer.class);

    private final Db db;
    private final QueueStore queue;
    private final ActionRunner runner;
    private final LeaseKeeper leases;
    private final ExecutorConfig config;
    private final ExecutorMetrics metrics;
    private final String executorId;
    private final int workers;
    private final Semaphore slots;
    private final Map<Long, ClaimRun> running = new ConcurrentHashMap<>();
    private final WakeSignal signal = new WakeSignal();
    private final Object idle = new Object();
    private final DatabaseOutage claiming = new DatabaseOutage(LOG, "claiming queued actions");
    private final DatabaseOutage sweeping = new DatabaseOutage(LOG, "claiming abandoned aborts");
    private volatile boolean stopping;
    private Thread thread;

    public Claimer(Db db, QueueStore queue, ActionRunner runner, LeaseKeeper leases, ExecutorConfig config,
                   QueueConfig queueConfig, ExecutorMetrics metrics, ExecutorIdentity identity) {
        this.db = db;
        this.queue = queue;
        this.runner = runner;
        this.leases = leases;
        this.config = config;
        this.metrics = metrics;
        this.executorId = identity.id();
        this.workers = queueConfig.workerCount();
        this.slots = new Semaphore(workers);
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("claimer").daemon(true).start(this::loop);
            LOG.info("claiming executor={} workers={} batch={} leaseMs={}", executorId, workers,
                    config.claimBatchSize(), config.lease().toMillis());
        }
    }

    /** Looks for work now (new entries were notified). */
    public void wake() {
        signal.ring();
    }

    /** The attempts this executor runs now. */
    public int runningCount() {
        return running.size();
    }

    private void loop() {
        long nextSweep = System.nanoTime();
        try {
            while (!stopping) {
                boolean full = claimOnce();
                if (System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + config.lease().toNanos();
                    sweepAbandonedAborts();
                }
                if (!full) {
                    signal.await(config.pollInterval());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Claims what fits in the free slots; returns whether it got all it asked for (more may be waiting). */
    private boolean claimOnce() {
        int wanted = Math.min(config.claimBatchSize(), slots.availablePermits());
        if (wanted == 0) {
            return false;
        }
        List<Claim> claims;
        try {
            claims = db.inTransaction("claiming queued actions",
                    c -> queue.claim(c, executorId, config.lease().toMillis(), wanted));
        } catch (DataAccessException e) {
            LOG.warn("claiming failed, retrying at the next poll", e);
            return false;
        } catch (ControlPlaneException.Unavailable e) {
            // The database is restarting or out of reach: the loop must outlive it and claim again once it is back.
            claiming.failed(e);
            return false;
        }
        claiming.succeeded();
        metrics.claimed(claims.size());
        claims.forEach(claim -> launch(claim, ClaimRun::run));
        return !claims.isEmpty() && claims.size() == wanted;
    }

    private void sweepAbandonedAborts() {
        int wanted = Math.min(config.claimBatchSize(), slots.availablePermits());
        if (wanted == 0) {
            return;
        }
        try {
            db.inTransaction("claiming abandoned aborts",
                            c -> queue.claimAbandonedAborts(c, executorId, config.lease().toMillis(), wanted))
                    .forEach(claim -> launch(claim, ClaimRun::runAbandonedAbort));
            sweeping.succeeded();
        } catch (DataAccessException e) {
            LOG.warn("claiming abandoned aborts failed, retrying later", e);
        } catch (ControlPlaneException.Unavailable e) {
            sweeping.failed(e);
        }
    }

    private void launch(Claim claim, Consumer<ClaimRun> work) {
        slots.acquireUninterruptibly();
        ClaimRun run = runner.runOf(claim);
        running.put(claim.entryId(), run);
        leases.hold(claim, run);
        metrics.running(running.size());
        Thread.ofVirtual().name("claim-" + claim.entryId()).start(() -> {
            try {
                work.accept(run);
            } finally {
                leases.release(claim);
                running.remove(claim.entryId());
                metrics.running(running.size());
                slots.release();
                signal.ring();
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        });
    }

    /**
     * Stops claiming, gives running attempts {@code executor.shutdownGrace} to end, then hands the rest back
     * (stopping local processes; leaving pods to be adopted) and waits for that briefly.
     */
    public void stop() {
        stopping = true;
        signal.ring();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!awaitIdle(config.shutdownGrace())) {
            LOG.info("handing back running attempts count={}", running.size());
            running.values().forEach(ClaimRun::handBack);
            awaitIdle(Duration.ofSeconds(10));
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running.isEmpty();
                }
            }
        }
        return true;
    }
}

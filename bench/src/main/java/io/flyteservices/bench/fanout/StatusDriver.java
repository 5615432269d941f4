package io.flyteservices.bench.fanout;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.model.ActionKey;
import io.flyteservices.phase.Transition;
import io.flyteservices.queue.Aborter;
import io.flyteservices.status.ReportedStatus;
import io.flyteservices.status.StatusRecorder;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.RunStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes status updates at a fixed rate (open loop) through the executor's own write path: in one transaction,
 * the action row locked by key and {@link StatusRecorder} applying the status (guarded action update, attempt row,
 * phase transitions; the V4 triggers append the changes and NOTIFY). Each leaf alternates between RUNNING (a new
 * attempt starts) and QUEUED (that attempt failed and is retried), so it never ends and every write is a change
 * its watchers see. Leaves are written round robin, so one leaf is never written by two writers at once.
 */
public final class StatusDriver implements AutoCloseable {

    /** Shows in pg_stat_activity, so the gateway's connections can be told apart from the benchmark's. */
    public static final String APPLICATION_NAME = "flyte-bench";

    private final HikariDataSource pool;
    private final Db db;
    private final ActionStore actions = new ActionStore();
    private final StatusRecorder recorder;
    private final WriteLog log;
    private final int writers;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread dispatcher;

    StatusDriver(String jdbcUrl, int writers, WriteLog log) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(writers);
        config.setMinimumIdle(writers);
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        this.pool = new HikariDataSource(config);
        this.db = new Db(pool);
        AttemptStore attempts = new AttemptStore();
        QueueStore queue = new QueueStore();
        this.recorder = new StatusRecorder(actions, attempts, queue,
                new Aborter(db, new RunStore(), actions, attempts, queue));
        this.log = log;
        this.writers = writers;
    }

    /** Starts writing {@code rate} updates per second to {@code leaves} in turn, until {@link #close()}. */
    void start(List<WatchedRun> runs, int rate) {
        List<Leaf> leaves = new ArrayList<>();
        for (WatchedRun run : runs) {
            for (String name : run.leaves()) {
                leaves.add(new Leaf(ActionKey.of(run.action(name)), WatchedRun.label(run.action(name))));
            }
        }
        Semaphore inFlight = new Semaphore(writers);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        dispatcher = Thread.ofPlatform().name("status-driver").daemon(true).start(() -> {
            long start = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            try {
                for (long i = 0; !stop.get(); i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    // Falls behind (and the achieved rate shows it) when every writer is busy.
                    inFlight.acquire();
                    Leaf leaf = leaves.get((int) (i % leaves.size()));
                    pool.submit(() -> {
                        try {
                            if (!write(leaf).applies()) {
                                ignored.incrementAndGet();
                            }
                            done.incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pool.close();
            }
        });
    }

    private Transition write(Leaf leaf) {
        long at = System.nanoTime();
        return db.inTransaction("bench status update", c -> {
            ActionRow row = actions.findByKeyForUpdate(c, leaf.key())
                    .orElseThrow(() -> new IllegalStateException("no action " + leaf.label()));
            if (row.phase() == Phase.PHASE_RUNNING_VALUE) {
                log.written(leaf.label(), Phase.PHASE_QUEUED_VALUE, at);
                return recorder.recordRetry(c, row, new ReportedStatus(row.attempts(), Phase.PHASE_FAILED, null,
                        new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "fan-out benchmark retry")));
            }
            log.written(leaf.label(), Phase.PHASE_RUNNING_VALUE, at);
            return recorder.record(c, row, new ReportedStatus(row.attempts() + 1, Phase.PHASE_RUNNING, null, null));
        });
    }

    long done() {
        return done.get();
    }

    /** Writes the phase rules refused (none expected: only the benchmark writes these leaves). */
    long ignored() {
        return ignored.get();
    }

    long failed() {
        return failed.get();
    }

    Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Stops the writes (those in flight finish). */
    void stop() throws InterruptedException {
        stop.set(true);
        if (dispatcher != null) {
            dispatcher.join(TimeUnit.SECONDS.toMillis(30));
            dispatcher = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        pool.close();
    }

    private record Leaf(ActionKey key, String label) {
    }
}

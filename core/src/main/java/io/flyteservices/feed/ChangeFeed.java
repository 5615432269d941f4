package io.flyteservices.feed;

import io.flyteservices.retry.Backoff;
import io.flyteservices.store.ChangeStore;
import io.flyteservices.store.Db;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The lossless change feed of a process (DESIGN §4): one platform thread, {@code change-feed}, waits for a wake-up
 * from the {@link ChangeListener} or for {@code feed.pollInterval} (the fallback when notifications are lost), then
 * reads with the {@link ChangeReader} until a read finds nothing new, handing each non-empty batch, in seq order,
 * to the one {@link ChangeSink}. A batch the sink throws on is not lost: it is logged and delivered again after a
 * backoff (at-least-once). About once a minute it prunes {@code changes} below its horizon and older than
 * {@code feed.retention}.
 *
 * <p>The bean does not start itself: the gateway calls {@link #start()} before serving streams, so every change
 * committed after {@code start()} returns reaches the sink. {@link #close()} stops the thread and the listener.
 */
@Singleton
@Requires(beans = ChangeSink.class)
public final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    /** Pruning runs at most this often; it is cleanup, not part of delivery. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final long STOP_WAIT_SECONDS = 10;

    private final ChangeSink sink;
    private final Db db;
    private final ChangeStore store;
    private final ChangeListener listener;
    private final FeedConfig config;
    private final FeedMetrics metrics;
    private final Clock clock;
    private final ChangeReader reader;
    private final WakeSignal wake = new WakeSignal();
    private final CountDownLatch stopping = new CountDownLatch(1);

    private Thread thread;
    private volatile boolean closed;
    // Owned by the feed's thread (or by a test calling runOnce() on a feed that is not started).
    private Instant nextPruneAt;
    private boolean failing;
    private boolean pruneFailing;

    @Inject
    public ChangeFeed(ChangeSink sink, Db db, ChangeStore store, ChangeListener listener, FeedConfig config,
                      FeedMetrics metrics) {
        this(sink, db, store, listener, config, metrics, Clock.systemUTC());
    }

    ChangeFeed(ChangeSink sink, Db db, ChangeStore store, ChangeListener listener, FeedConfig config,
               FeedMetrics metrics, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.db = Objects.requireNonNull(db, "db");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reader = new ChangeReader(db, store, config.batchSize());
        this.nextPruneAt = clock.instant().plus(PRUNE_EVERY);
    }

    /**
     * Takes the start horizon (a database round trip: throws {@code Unavailable} if the database cannot be
     * reached), then starts the feed's thread and, unless {@code feed.listen} is false, the listener. Changes
     * committed before the call are not delivered. Idempotent; does nothing after {@link #close()}.
     */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        reader.begin();
        nextPruneAt = clock.instant().plus(PRUNE_EVERY);
        thread = Thread.ofPlatform().name("change-feed").daemon(true).unstarted(this::loop);
        thread.start();
        if (config.listen()) {
            listener.start(wake::ring);
        }
        LOG.info("feed started horizon={} pollMs={} batchSize={} listen={}", reader.horizon(),
                config.pollInterval().toMillis(), config.batchSize(), config.listen());
    }

    /** Stops the listener and the feed's thread, waiting for a delivery in progress to end. Idempotent. */
    @PreDestroy
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
        }
        listener.close();
        stopping.countDown();
        wake.ring();
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
                if (t.isAlive()) {
                    LOG.warn("feed thread still busy after close, interrupting waitedS={}", STOP_WAIT_SECONDS);
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One read and, if it found anything new, one delivery; returns how many changes the sink took (0 when it
     * threw: the batch is read again next time). Begins the reader on first use. For tests on a feed that is not
     * started; a read failure is thrown.
     */
    int runOnce() {
        if (!reader.begun()) {
            reader.begin();
        }
        Round round = round();
        if (round.sinkFailure() != null) {
            LOG.warn("sink failed, will deliver again size={}", round.size(), round.sinkFailure());
            return 0;
        }
        return round.delivered();
    }

    /**
     * Prunes {@code changes} if a minute has passed since the last time (or since start); returns the rows
     * deleted, or -1 when not due.
     */
    int pruneIfDue() {
        Instant now = clock.instant();
        if (!reader.begun() || now.isBefore(nextPruneAt)) {
            return -1;
        }
        nextPruneAt = now.plus(PRUNE_EVERY);
        String horizon = reader.horizon();
        try {
            int deleted = db.read("pruning changes",
                    c -> store.deleteOlderThan(c, config.retention(), horizon));
            metrics.pruned(deleted);
            if (pruneFailing) {
                LOG.info("prune recovered deleted={}", deleted);
                pruneFailing = false;
            }
            LOG.debug("pruned changes deleted={} horizon={}", deleted, horizon);
            return deleted;
        } catch (RuntimeException e) {
            if (!pruneFailing) {
                LOG.warn("prune failed, retrying later nextInS={}", PRUNE_EVERY.toSeconds(), e);
                pruneFailing = true;
            }
            return 0;
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.reconnectMinBackoff(), config.reconnectMaxBackoff());
        try {
            while (!closed) {
                wake.await(config.pollInterval());
                if (closed) {
                    break;
                }
                drain(backoff);
                pruneIfDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("feed stopped by an unexpected failure horizon={}", reader.horizon(), e);
            throw e;
        }
        LOG.info("feed stopped horizon={}", reader.horizon());
    }

    /** Reads and delivers until a read finds nothing new; on failure backs off and tries the same read again. */
    private void drain(Backoff backoff) throws InterruptedException {
        while (!closed) {
            Round round;
            try {
                round = round();
            } catch (RuntimeException e) {
                Duration delay = backoff.next();
                if (!failing) {
                    failing = true;
                    LOG.warn("feed read failed, retrying delayMs={} horizon={}", delay.toMillis(), reader.horizon(), e);
                } else {
                    LOG.debug("feed read failed again delayMs={}", delay.toMillis(), e);
                }
                pause(delay);
                continue;
            }
            if (round.sinkFailure() != null) {
                Duration delay = backoff.next();
                if (!failing) {
                    failing = true;
                    LOG.warn("sink failed, delivering again delayMs={} size={}", delay.toMillis(), round.size(),
                            round.sinkFailure());
                } else {
                    LOG.debug("sink failed again delayMs={} size={}", delay.toMillis(), round.size(),
                            round.sinkFailure());
                }
                pause(delay);
                continue;
            }
            if (failing) {
                failing = false;
                backoff.reset();
                LOG.info("feed recovered horizon={}", reader.horizon());
            }
            if (round.delivered() == 0 && !round.more()) {
                return;
            }
        }
    }

    /** One read; hands what is new to the sink and, only if it took it, records it as delivered. */
    private Round round() {
        ChangeReader.Page page;
        try {
            page = reader.read();
        } catch (RuntimeException e) {
            metrics.readFailure();
            throw e;
        }
        metrics.read();
        List<Change> batch = page.changes();
        if (!batch.isEmpty()) {
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                metrics.sinkFailure();
                return new Round(0, batch.size(), page.more(), e);
            }
            metrics.delivered(batch, clock.instant());
        }
        reader.markDelivered(page);
        return new Round(batch.size(), batch.size(), page.more(), null);
    }

    private void pause(Duration delay) throws InterruptedException {
        stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What one round did: changes the sink took, the batch size, whether the pass continues, a sink failure. */
    private record Round(int delivered, int size, boolean more, RuntimeException sinkFailure) {
    }
}

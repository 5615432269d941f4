package io.flyteservices.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The change feed's meters (DESIGN §6): notifications, reads, delivered changes, reconnects and failures as
 * counters; {@code feed.notification.lag}, from a change's {@code changed_at} to its delivery, as a timer;
 * {@code feed.connected} (1 while the LISTEN connection is up) as a gauge. {@code changed_at} is {@code now()} of
 * the writing transaction, i.e. its start on the database's clock: the lag includes the transaction's own
 * duration and any skew between the database host and this one.
 */
@Singleton
public final class FeedMetrics {

    private final Counter notifications;
    private final Counter reads;
    private final Counter delivered;
    private final Counter reconnects;
    private final Counter readFailures;
    private final Counter sinkFailures;
    private final Counter pruned;
    private final Timer lag;
    private final AtomicInteger connected = new AtomicInteger();

    public FeedMetrics(MeterRegistry registry) {
        notifications = Counter.builder("feed.notifications")
                .description("NOTIFY messages received on the LISTEN connection").register(registry);
        reads = Counter.builder("feed.reads").description("reads of the changes table").register(registry);
        delivered = Counter.builder("feed.changes.delivered")
                .description("changes handed to the sink").register(registry);
        reconnects = Counter.builder("feed.reconnects")
                .description("LISTEN connections re-established after a loss").register(registry);
        readFailures = Counter.builder("feed.read.failures")
                .description("reads of the changes table that failed").register(registry);
        sinkFailures = Counter.builder("feed.sink.failures")
                .description("batches the sink threw on (delivered again)").register(registry);
        pruned = Counter.builder("feed.changes.pruned")
                .description("rows deleted from the changes table").register(registry);
        lag = Timer.builder("feed.notification.lag")
                .description("time from a change's changed_at (its transaction's start) to its delivery to the sink")
                .register(registry);
        Gauge.builder("feed.connected", connected, AtomicInteger::get)
                .description("1 while the LISTEN connection is up").register(registry);
    }

    void notification() {
        notifications.increment();
    }

    void read() {
        reads.increment();
    }

    void readFailure() {
        readFailures.increment();
    }

    void sinkFailure() {
        sinkFailures.increment();
    }

    void reconnect() {
        reconnects.increment();
    }

    void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }

    void pruned(int rows) {
        pruned.increment(rows);
    }

    /** Counts a delivered batch and records each change's lag at {@code now}. */
    void delivered(List<Change> batch, Instant now) {
        delivered.increment(batch.size());
        for (Change change : batch) {
            Duration d = Duration.between(change.changedAt(), now);
            lag.record(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        }
    }

    long notifications() {
        return (long) notifications.count();
    }

    long reads() {
        return (long) reads.count();
    }

    long deliveredCount() {
        return (long) delivered.count();
    }

    long reconnects() {
        return (long) reconnects.count();
    }

    long sinkFailures() {
        return (long) sinkFailures.count();
    }

    boolean isConnected() {
        return connected.get() == 1;
    }
}

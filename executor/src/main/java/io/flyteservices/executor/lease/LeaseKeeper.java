package io.flyteservices.executor.lease;

import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.executor.DatabaseOutage;
import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.executor.ExecutorMetrics;
import io.flyteservices.feed.WakeSignal;
import io.flyteservices.store.DataAccessException;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.QueueStore.Lease;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps this executor's leases alive: renews every held claim in one statement each {@code lease / 3} (or at once
 * when an abort notification arrives), tells holders whose entry was aborted to stop, and those whose lease is gone
 * to stop without writing. While the database cannot be reached a lease counts as lost once a whole lease period
 * passed since its last renewal: by then another executor may have taken it over.
 */
@Singleton
public final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Db db;
    private final QueueStore queue;
    private final ExecutorConfig config;
    private final ExecutorMetrics metrics;
    private final String executorId;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final WakeSignal signal = new WakeSignal();
    private final DatabaseOutage renewals = new DatabaseOutage(LOG, "renewing leases");
    private volatile boolean stopping;
    private Thread thread;

    public LeaseKeeper(Db db, QueueStore queue, ExecutorConfig config, ExecutorMetrics metrics,
                       ExecutorIdentity identity) {
        this.db = db;
        this.queue = queue;
        this.config = config;
        this.metrics = metrics;
        this.executorId = identity.id();
    }

    /** One held claim, its holder and when its lease was last known to be ours. */
    private static final class Held {
        final Claim claim;
        final LeaseHolder holder;
        volatile long renewedAtNanos = System.nanoTime();
        volatile boolean abortSent;

        Held(Claim claim, LeaseHolder holder) {
            this.claim = claim;
            this.holder = holder;
        }
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("lease-keeper").daemon(true).start(this::loop);
        }
    }

    /** Starts keeping {@code claim}'s lease, which was just taken. */
    public void hold(Claim claim, LeaseHolder holder) {
        held.put(claim.entryId(), new Held(claim, holder));
    }

    /** Stops keeping {@code claim}'s lease: its work ended. */
    public void release(Claim claim) {
        held.remove(claim.entryId());
    }

    /** Renews now instead of at the next interval (an abort was notified). */
    public void renewNow() {
        signal.ring();
    }

    public void stop() {
        stopping = true;
        signal.ring();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        try {
            while (!stopping) {
                signal.await(config.renewInterval());
                if (!stopping) {
                    renew();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Renews every held lease once; visible for tests, which drive renewals without waiting for the interval. */
    void renew() {
        List<Held> current = List.copyOf(held.values());
        if (current.isEmpty()) {
            return;
        }
        List<Claim> claims = current.stream().map(h -> h.claim).toList();
        Map<Long, Lease> renewed;
        long now = System.nanoTime();
        try {
            renewed = db.inTransaction("renewing leases",
                            c -> queue.renewIfHeld(c, executorId, claims, config.lease().toMillis()))
                    .stream().collect(Collectors.toMap(Lease::entryId, Function.identity()));
        } catch (DataAccessException | ControlPlaneException.Unavailable e) {
            renewals.failed(e);
            LOG.debug("lease renewal failed held={} leaseMs={}: leases expire if this lasts", current.size(),
                    config.lease().toMillis());
            for (Held h : current) {
                if (now - h.renewedAtNanos > config.lease().toNanos()) {
                    lose(h, "not renewed for a whole lease period");
                }
            }
            return;
        }
        renewals.succeeded();
        for (Held h : current) {
            Lease lease = renewed.get(h.claim.entryId());
            if (lease == null) {
                lose(h, "taken over or removed");
            } else {
                h.renewedAtNanos = now;
                if (lease.aborted() && !h.abortSent) {
                    h.abortSent = true;
                    h.holder.abortRequested();
                }
            }
        }
    }

    private void lose(Held h, String why) {
        if (held.remove(h.claim.entryId(), h)) {
            LOG.warn("lease lost, stopping the work entry={} action={} reason={}", h.claim.entryId(),
                    h.claim.actionId(), why);
            metrics.leaseLost();
            h.holder.leaseLost();
        }
    }
}

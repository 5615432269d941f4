package io.flyteservices.executor.registry;

import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.executor.DatabaseOutage;
import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.executor.ExecutorMetrics;
import io.flyteservices.store.DataAccessException;
import io.flyteservices.store.Db;
import io.flyteservices.store.ExecutorStore;
import io.flyteservices.store.QueueStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * This executor's row in {@code executors} (id, host, started, last heartbeat, running count): registered on start,
 * refreshed every {@code executor.heartbeat}, removed on a clean stop. Each heartbeat also removes executors silent
 * for three heartbeats or a lease, whichever is longer (their leases have expired by then) and samples the queue's
 * depth and oldest entry for the metrics.
 */
@Singleton
public final class ExecutorRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRegistry.class);

    private final Db db;
    private final ExecutorStore executors;
    private final QueueStore queue;
    private final ExecutorConfig config;
    private final ExecutorMetrics metrics;
    private final ExecutorIdentity identity;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final DatabaseOutage heartbeats = new DatabaseOutage(LOG, "the executor heartbeat");
    private Thread thread;

    public ExecutorRegistry(Db db, ExecutorStore executors, QueueStore queue, ExecutorConfig config,
                            ExecutorMetrics metrics, ExecutorIdentity identity) {
        this.db = db;
        this.executors = executors;
        this.queue = queue;
        this.config = config;
        this.metrics = metrics;
        this.identity = identity;
    }

    /** Registers and starts the heartbeat; {@code running} says how many attempts run now. */
    public synchronized void start(IntSupplier running) {
        if (thread != null) {
            return;
        }
        db.inTransaction("registering the executor", c -> {
            executors.register(c, identity.id(), identity.host());
            return null;
        });
        LOG.info("executor registered id={} host={}", identity.id(), identity.host());
        thread = Thread.ofPlatform().name("executor-heartbeat").daemon(true).start(() -> loop(running));
    }

    private void loop(IntSupplier running) {
        try {
            while (!stopping.await(config.heartbeat().toNanos(), TimeUnit.NANOSECONDS)) {
                beat(running.getAsInt());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One heartbeat; visible for tests. */
    void beat(int running) {
        long silentMillis = Math.max(config.heartbeat().multipliedBy(3).toMillis(), config.lease().toMillis());
        try {
            db.inTransaction("executor heartbeat", c -> {
                if (!executors.heartbeat(c, identity.id(), running)) {
                    LOG.warn("executor was removed from the registry as silent, registering again id={}",
                            identity.id());
                    executors.register(c, identity.id(), identity.host());
                    executors.heartbeat(c, identity.id(), running);
                }
                int removed = executors.deleteSilent(c, silentMillis);
                if (removed > 0) {
                    LOG.info("removed silent executors count={} silentMs={}", removed, silentMillis);
                }
                metrics.registry(executors.all(c).size());
                QueueStore.Depth depth = queue.depth(c);
                metrics.queue(depth.pending(), depth.oldestAgeSeconds());
                return null;
            });
            heartbeats.succeeded();
        } catch (DataAccessException e) {
            LOG.warn("executor heartbeat failed id={}", identity.id(), e);
        } catch (ControlPlaneException.Unavailable e) {
            // Beats go on at their interval; a row removed as silent meanwhile is registered again by the next one.
            heartbeats.failed(e);
        }
    }

    /** Stops the heartbeat and removes the row. */
    public void stop() {
        stopping.countDown();
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(Duration.ofSeconds(5));
            db.inTransaction("deregistering the executor", c -> {
                executors.deregister(c, identity.id());
                return null;
            });
            LOG.info("executor deregistered id={}", identity.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DataAccessException | ControlPlaneException.Unavailable e) {
            LOG.warn("deregistering failed; the row is removed once silent id={}", identity.id(), e);
        }
    }
}

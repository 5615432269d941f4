package io.flyteservices.feed;

import com.impossibl.postgres.api.jdbc.PGConnection;
import com.impossibl.postgres.api.jdbc.PGNotificationListener;
import com.impossibl.postgres.jdbc.PGDriver;
import io.flyteservices.retry.Backoff;
import io.flyteservices.store.ChangeStore;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the one LISTEN connection of a process (pgjdbc-ng, channel {@code flyte_changes}) and turns its
 * notifications into wake-ups of the feed; payloads are only counted, never trusted (DESIGN §4: NOTIFY is only a
 * wake-up). A lost connection, seen through pgjdbc-ng's {@code closed()} callback or a failed periodic
 * {@code isValid}, is reopened with exponential backoff and jitter; after every (re)connect the feed is woken to
 * catch up, since notifications sent while nobody listened are gone but the feed's horizon never moved past
 * anything undelivered. Runs on one platform thread, {@code change-listener}.
 */
@Singleton
public final class ChangeListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    /** Shows in {@code pg_stat_activity.application_name}, so operators can tell this connection apart. */
    static final String APPLICATION_NAME = "flyte-change-feed";
    private static final String CHANNEL = "flyte_changes";
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;

    private final ListenAddress address;
    private final ChangeStore store;
    private final FeedConfig config;
    private final FeedMetrics metrics;
    private final PGDriver driver = new PGDriver();
    private final CountDownLatch closing = new CountDownLatch(1);

    private Thread thread;
    private volatile Runnable wake;
    private volatile Session session;
    private volatile boolean closed;

    /** Connects where the pool connects ({@code datasources.default.*}). */
    @Inject
    public ChangeListener(ChangeStore store, FeedConfig config, FeedMetrics metrics,
                          @Property(name = "datasources.default.url") String url,
                          @Property(name = "datasources.default.username") @Nullable String username,
                          @Property(name = "datasources.default.password") @Nullable String password) {
        this(ListenAddress.of(url, username, password), store, config, metrics);
    }

    ChangeListener(ListenAddress address, ChangeStore store, FeedConfig config, FeedMetrics metrics) {
        this.address = Objects.requireNonNull(address, "address");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Starts listening on a new thread; {@code wake} runs on a driver thread for every notification and on the
     * listener's thread after every (re)connect, so it must only signal. Starting twice or after close does nothing.
     */
    public synchronized void start(Runnable wake) {
        if (thread != null || closed) {
            return;
        }
        this.wake = Objects.requireNonNull(wake, "wake");
        thread = Thread.ofPlatform().name("change-listener").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** Whether the LISTEN connection is up now. */
    public boolean connected() {
        return session != null;
    }

    /** The server process id of the LISTEN connection, or -1 while there is none (for failure tests). */
    int backendPid() {
        Session s = session;
        return s == null ? -1 : s.pid;
    }

    /** Stops listening and closes the connection; waits for the thread. Idempotent. */
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
        closing.countDown();
        Session s = session;
        if (s != null) {
            s.lost.countDown();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.reconnectMinBackoff(), config.reconnectMaxBackoff());
        boolean everConnected = false;
        long outageStart = 0;
        boolean inOutage = false;
        try {
            while (!closed) {
                Session s;
                try {
                    s = open();
                } catch (SQLException | RuntimeException e) {
                    Duration delay = backoff.next();
                    if (!inOutage) {
                        inOutage = true;
                        outageStart = System.nanoTime();
                        LOG.warn("listen connect failed, retrying delayMs={} url={}", delay.toMillis(),
                                address.url(), e);
                    } else {
                        LOG.debug("listen connect failed again delayMs={}", delay.toMillis(), e);
                    }
                    pause(delay);
                    continue;
                }
                session = s;
                if (closed) {
                    s.lost.countDown(); // close() ran before it could see this session
                }
                metrics.connected(true);
                long connectedAt = System.nanoTime();
                if (everConnected) {
                    metrics.reconnect();
                }
                if (inOutage) {
                    LOG.info("listen recovered pid={} outageMs={}", s.pid,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStart));
                    inOutage = false;
                } else if (!everConnected) {
                    LOG.info("listen started pid={} channel={}", s.pid, CHANNEL);
                }
                everConnected = true;
                // Catch up: notifications sent while nobody listened are gone; the read finds their changes.
                wake.run();
                String reason = s.awaitLoss();
                session = null;
                metrics.connected(false);
                s.closeQuietly();
                if (closed) {
                    break;
                }
                inOutage = true;
                outageStart = System.nanoTime();
                // A connection that drops as soon as it is made keeps the backoff growing; a long-lived one resets it.
                if (outageStart - connectedAt >= config.reconnectMaxBackoff().toNanos()) {
                    backoff.reset();
                }
                Duration delay = backoff.next();
                LOG.warn("listen lost, reconnecting reason={} pid={} delayMs={}", reason, s.pid, delay.toMillis());
                pause(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Session s = session;
            session = null;
            metrics.connected(false);
            if (s != null) {
                s.closeQuietly();
            }
            LOG.info("listen stopped");
        }
    }

    private Session open() throws SQLException {
        Connection c = driver.connect(address.url(), address.properties(APPLICATION_NAME));
        if (c == null) {
            throw new SQLException("pgjdbc-ng does not accept " + address.url());
        }
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            Session s = new Session(pg, store.backendPid(c));
            pg.addNotificationListener("change-feed", CHANNEL, s);
            store.listen(c);
            return s;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Waits {@code delay} unless closing. */
    private void pause(Duration delay) throws InterruptedException {
        closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One LISTEN connection; {@link #lost} opens when it closes, fails validation, or the listener closes. */
    private final class Session implements PGNotificationListener {

        final PGConnection connection;
        final int pid;
        final CountDownLatch lost = new CountDownLatch(1);

        Session(PGConnection connection, int pid) {
            this.connection = connection;
            this.pid = pid;
        }

        @Override
        public void notification(int processId, String channelName, String payload) {
            metrics.notification();
            wake.run();
        }

        @Override
        public void closed() {
            lost.countDown();
        }

        /** Blocks until the connection is lost or the listener closes; returns why. */
        String awaitLoss() throws InterruptedException {
            long every = config.validationInterval().toNanos();
            while (!lost.await(every, TimeUnit.NANOSECONDS)) {
                if (closed) {
                    return "closing";
                }
                try {
                    if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                        return "validation failed";
                    }
                } catch (SQLException e) {
                    return "validation failed: " + e.getMessage();
                }
            }
            return closed ? "closing" : "connection closed";
        }

        void closeQuietly() {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // Already broken or closed by the server: nothing left to release.
                LOG.debug("listen connection close failed pid={}", pid, e);
            }
        }
    }
}

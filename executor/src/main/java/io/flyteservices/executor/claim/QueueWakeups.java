package io.flyteservices.executor.claim;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Listens on channel {@code flyte_queue} on a connection of its own (outside the pool, which it would otherwise
 * hold forever) and turns notifications into wake-ups: {@code work} (entries inserted) wakes the claimer,
 * {@code abort} (entries aborted) makes the lease keeper look at once. Notifications are only wake-ups: missing some
 * (while reconnecting) only delays work until the claimer's poll. After every (re)connect both are woken to catch up.
 */
@Singleton
public final class QueueWakeups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWakeups.class);
    private static final String CHANNEL = "flyte_queue";
    private static final int WAIT_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final String url;
    private final Properties properties = new Properties();
    private volatile boolean closed;
    private Thread thread;

    public QueueWakeups(@Property(name = "datasources.default.url") String url,
                        @Property(name = "datasources.default.username") @Nullable String username,
                        @Property(name = "datasources.default.password") @Nullable String password) {
        this.url = url;
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "flyte-executor-wakeups");
    }

    /** Starts listening on a new thread; the callbacks must only signal. */
    public synchronized void start(Runnable onWork, Runnable onAbort) {
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().name("queue-wakeups").daemon(true)
                    .start(() -> loop(onWork, onAbort));
        }
    }

    private void loop(Runnable onWork, Runnable onAbort) {
        long backoff = 100;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                backoff = 100;
                onWork.run();
                onAbort.run();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        (n.getParameter().equals("abort") ? onAbort : onWork).run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("queue listen connection failed, retrying delayMs={}; work is still found by polling",
                        backoff, e);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(WAIT_MILLIS * 3L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.flyteservices.feed;

import io.flyteservices.store.ChangeStore;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.flyteservices.feed.ChangeFixtures.insertRun;
import static io.flyteservices.feed.ChangeFixtures.listenConnections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running feed: its thread, the pgjdbc-ng LISTEN connection and real commits on the migrated schema (runs
 * rows, whose trigger appends to {@code changes} and sends NOTIFY).
 */
class ChangeFeedIT {

    private static final Duration LONG_POLL = Duration.ofSeconds(30);

    private final RecordingSink sink = new RecordingSink();
    private final FeedMetrics metrics = ChangeFixtures.metrics();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String project = "feed-" + UUID.randomUUID().toString().substring(0, 8);
    private ChangeListener listener;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listenConnections() == 0);
    }

    @Test
    void shouldDeliverWithinTwoSecondsWhenNotifiedWhilePollingEveryThirty() throws SQLException {
        started(ChangeFixtures.config(LONG_POLL, 1000, true));
        awaitCaughtUp();

        long run = commitRun("notified");

        await().atMost(Duration.ofSeconds(2)).until(() -> sink.seqsOf(List.of(run)).size() == 1);
        assertThat(metrics.notifications()).isPositive();
    }

    @Test
    void shouldDeliverByPollingWhenNotListening() throws SQLException {
        started(ChangeFixtures.config(Duration.ofMillis(100), 1000, false));

        long run = commitRun("polled");

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.seqsOf(List.of(run)).size() == 1);
        assertThat(metrics.notifications()).isZero();
        assertThat(listener.connected()).isFalse();
        assertThat(listenConnections()).isZero();
    }

    @Test
    void shouldDeliverEveryChangeOfABurstWhenTheListenConnectionIsTerminatedMidway() throws Exception {
        // Small pages, so the burst is also read through capped passes; the poll cannot rescue anything in time.
        started(ChangeFixtures.config(LONG_POLL, 64, true));
        awaitCaughtUp();
        int before = listener.backendPid();
        assertThat(ChangeFixtures.lastQuery(before)).startsWith("LISTEN");

        int writers = 4;
        int perWriter = 250;
        Set<Long> runs = ConcurrentHashMap.newKeySet();
        CountDownLatch halfway = new CountDownLatch(writers * perWriter * 3 / 10);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    try (Connection c = ChangeFixtures.dataSource().getConnection()) {
                        for (int i = 0; i < perWriter; i++) {
                            runs.add(insertRun(c, project, "w" + writer + "-" + i));
                            halfway.countDown();
                        }
                    }
                    return null;
                }));
            }
            assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ChangeFixtures.terminate(before)).isTrue();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(runs).hasSize(writers * perWriter);
        await().atMost(Duration.ofSeconds(15)).until(() -> new HashSet<>(sink.seqsOf(runs)).size() == runs.size());
        assertThat(sink.acceptedOf(runs)).extracting(Change::runId).containsAll(runs);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.connected() && metrics.reconnects() >= 1);
        assertThat(listener.backendPid()).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> listenConnections() == 1);
    }

    @Test
    void shouldDeliverTheBatchAgainWhenTheSinkThrowsOnce() throws SQLException {
        started(ChangeFixtures.config(LONG_POLL, 1000, true));
        awaitCaughtUp();
        sink.failNext(1);

        long run = commitRun("retried");

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.seqsOf(List.of(run)).size() == 1);
        assertThat(sink.offered()).filteredOn(b -> b.stream().anyMatch(c -> c.runId() == run)).hasSize(2);
        assertThat(metrics.sinkFailures()).isEqualTo(1);
    }

    @Test
    void shouldStopListeningWhenClosedTwice() {
        ChangeFeed feed = started(ChangeFixtures.config(LONG_POLL, 1000, true));
        await().atMost(Duration.ofSeconds(5)).until(() -> listenConnections() == 1);

        feed.close();
        feed.close();

        assertThat(listener.connected()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> listenConnections() == 0);
    }

    @Test
    void shouldNotStartWhenTheContextCreatesTheFeed() throws Exception {
        try (TestServer server = TestServer.start(Map.of("feed.poll-interval", "250ms"))) {
            ChangeFeed feed = server.context().getBean(ChangeFeed.class);

            assertThat(server.context().getBean(FeedConfig.class).pollInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(server.context().getBean(ChangeListener.class).connected()).isFalse();
            assertThat(listenConnections()).isZero();
            assertThat(feed).isSameAs(server.context().getBean(ChangeFeed.class));
        }
    }

    private ChangeFeed started(FeedConfig config) {
        listener = ChangeFixtures.listener(config, metrics);
        ChangeFeed feed = new ChangeFeed(sink, ChangeFixtures.db(), new ChangeStore(), listener, config, metrics);
        toClose.add(feed);
        feed.start();
        return feed;
    }

    /** The listener is up and the feed has done its catch-up read, so later deliveries need a new wake-up. */
    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.connected() && metrics.reads() >= 1);
    }

    private long commitRun(String name) throws SQLException {
        try (Connection c = ChangeFixtures.dataSource().getConnection()) {
            return insertRun(c, project, name);
        }
    }
}

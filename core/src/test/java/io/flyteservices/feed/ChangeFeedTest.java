package io.flyteservices.feed;

import io.flyteservices.feed.ChangeFixtures.OpenTransaction;
import io.flyteservices.store.ChangeStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.flyteservices.feed.ChangeFixtures.exists;
import static io.flyteservices.feed.ChangeFixtures.insertCommitted;
import static io.flyteservices.feed.ChangeFixtures.uniqueRunId;
import static org.assertj.core.api.Assertions.assertThat;

/** The feed driven one round at a time through {@code runOnce()}, without its thread or the listener. */
class ChangeFeedTest {

    private final RecordingSink sink = new RecordingSink();
    private final FeedMetrics metrics = ChangeFixtures.metrics();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final FeedConfig config = ChangeFixtures.config(Duration.ofSeconds(30), 1000, false);
    private final ChangeFeed feed = new ChangeFeed(sink, ChangeFixtures.db(), new ChangeStore(),
            ChangeFixtures.listener(config, metrics), config, metrics, clock);

    @Test
    void shouldDeliverTheBatchAgainWhenTheSinkThrowsOnce() {
        feed.runOnce();
        long run = uniqueRunId();
        long seq = insertCommitted(run);
        sink.failNext(1);

        int failed = feed.runOnce();
        int retried = feed.runOnce();

        assertThat(failed).isZero();
        assertThat(retried).isPositive();
        assertThat(sink.seqsOf(List.of(run))).containsExactly(seq);
        assertThat(sink.offered()).filteredOn(b -> b.stream().anyMatch(c -> c.seq() == seq)).hasSize(2);
        assertThat(metrics.sinkFailures()).isEqualTo(1);
    }

    @Test
    void shouldReturnDeliveredCountWhenChangesAreNew() {
        feed.runOnce();
        long run = uniqueRunId();
        insertCommitted(run);
        insertCommitted(run);

        int delivered = feed.runOnce();

        assertThat(delivered).isGreaterThanOrEqualTo(2);
        assertThat(sink.seqsOf(List.of(run))).hasSize(2);
        assertThat(metrics.deliveredCount()).isEqualTo(delivered);
        assertThat(metrics.reads()).isEqualTo(2);
    }

    @Test
    void shouldNotPruneWhenLessThanAMinuteHasPassed() {
        feed.runOnce();
        clock.advance(ChangeFeed.PRUNE_EVERY.minusSeconds(1));

        assertThat(feed.pruneIfDue()).isEqualTo(-1);
    }

    @Test
    void shouldPruneOnlyOldChangesBelowTheHorizonWhenPruning() {
        Duration old = Duration.ofHours(2);
        long run = uniqueRunId();
        feed.runOnce();
        long below = insertCommitted(run, old);
        long recent = insertCommitted(run);
        feed.runOnce();   // delivers both; nothing open, so the horizon passes them

        try (OpenTransaction holder = ChangeFixtures.open()) {
            holder.insert(run);
            long above = insertCommitted(run, old);  // old, but above the horizon the holder keeps
            feed.runOnce();

            clock.advance(ChangeFeed.PRUNE_EVERY);
            assertThat(feed.pruneIfDue()).isPositive();
            assertThat(exists(below)).isFalse();
            assertThat(exists(recent)).isTrue();
            assertThat(exists(above)).isTrue();
            assertThat(feed.pruneIfDue()).as("at most once a minute").isEqualTo(-1);

            holder.commit();
            feed.runOnce();
            feed.runOnce();
            clock.advance(ChangeFeed.PRUNE_EVERY);
            feed.pruneIfDue();
            assertThat(exists(above)).isFalse();
        }
    }
}

package io.flyteservices.feed;

import io.flyteservices.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of the {@code feed} keys (context on the test database: core's eager beans need one). */
class FeedConfigTest {

    @Test
    void shouldUseDefaultsWhenNothingIsConfigured() {
        try (ApplicationContext context = ApplicationContext.run(TestDatabase.get().properties())) {
            FeedConfig config = context.getBean(FeedConfig.class);

            assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(config.batchSize()).isEqualTo(1000);
            assertThat(config.listen()).isTrue();
            assertThat(config.reconnectMinBackoff()).isEqualTo(Duration.ofMillis(100));
            assertThat(config.reconnectMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.validationInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.retention()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void shouldBindKebabCaseKeysWhenConfigured() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.get().properties());
        properties.putAll(Map.of("feed.poll-interval", "2s", "feed.batch-size", "50", "feed.listen", "false",
                "feed.retention", "30m"));
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            FeedConfig config = context.getBean(FeedConfig.class);

            assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.batchSize()).isEqualTo(50);
            assertThat(config.listen()).isFalse();
            assertThat(config.retention()).isEqualTo(Duration.ofMinutes(30));
        }
    }

    @Test
    void shouldNameTheKeyWhenBatchSizeIsNotPositive() {
        assertThatThrownBy(() -> config(Duration.ofMillis(500), 0, Duration.ofMillis(100), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feed.batchSize");
    }

    @Test
    void shouldNameTheKeyWhenPollIntervalIsZero() {
        assertThatThrownBy(() -> config(Duration.ZERO, 10, Duration.ofMillis(100), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feed.pollInterval");
    }

    @Test
    void shouldNameBothKeysWhenMaxBackoffIsBelowMin() {
        assertThatThrownBy(() -> config(Duration.ofMillis(500), 10, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feed.reconnectMaxBackoff").hasMessageContaining("feed.reconnectMinBackoff");
    }

    private static FeedConfig config(Duration poll, int batch, Duration min, Duration max) {
        return new FeedConfig(poll, batch, true, min, max, Duration.ofSeconds(5), Duration.ofHours(1));
    }
}

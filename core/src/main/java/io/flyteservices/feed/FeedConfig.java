package io.flyteservices.feed;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The {@code feed} configuration (DESIGN §4).
 *
 * @param pollInterval        longest wait between reads without a notification: the fallback when NOTIFY is lost
 * @param batchSize           most rows one read takes (and so most changes one batch hands the sink)
 * @param listen              whether to hold the LISTEN connection at all; {@code false} leaves only the poll
 *                            (for a proxy that does not carry LISTEN)
 * @param reconnectMinBackoff first wait before reconnecting LISTEN, or before retrying a failed read or sink
 * @param reconnectMaxBackoff cap of that wait as it doubles
 * @param validationInterval  how often an idle LISTEN connection is checked with {@code isValid}, to notice a
 *                            connection lost without a close (a dropped network path)
 * @param retention           how long read changes stay in {@code changes} before pruning
 */
@ConfigurationProperties("feed")
public record FeedConfig(
        @Bindable(defaultValue = "500ms") Duration pollInterval,
        @Bindable(defaultValue = "1000") int batchSize,
        @Bindable(defaultValue = "true") boolean listen,
        @Bindable(defaultValue = "100ms") Duration reconnectMinBackoff,
        @Bindable(defaultValue = "10s") Duration reconnectMaxBackoff,
        @Bindable(defaultValue = "5s") Duration validationInterval,
        @Bindable(defaultValue = "1h") Duration retention) {

    public FeedConfig {
        requirePositive("feed.pollInterval", pollInterval);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("feed.batchSize must be > 0, got " + batchSize);
        }
        requirePositive("feed.reconnectMinBackoff", reconnectMinBackoff);
        requirePositive("feed.reconnectMaxBackoff", reconnectMaxBackoff);
        if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
            throw new IllegalArgumentException("feed.reconnectMaxBackoff must be >= feed.reconnectMinBackoff, got "
                    + reconnectMaxBackoff + " < " + reconnectMinBackoff);
        }
        requirePositive("feed.validationInterval", validationInterval);
        requirePositive("feed.retention", retention);
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}

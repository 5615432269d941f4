package io.flyteservices.feed;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th wait is drawn from [d/2, d] with d = min * 2^n capped at max, so that
 * gateways that lost the database together do not come back in step. Not thread-safe: one per loop.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = Objects.requireNonNull(random, "random");
        if (minNanos <= 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
    }

    /** The wait before the next attempt; each call doubles the ceiling up to max. */
    Duration next() {
        long ceiling = minNanos;
        for (int i = 0; i < failures && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        failures = Math.min(failures + 1, 62);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** After a success: the next wait starts from min again. */
    void reset() {
        failures = 0;
    }
}

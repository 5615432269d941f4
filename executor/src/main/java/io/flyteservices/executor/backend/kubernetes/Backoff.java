package io.flyteservices.executor.backend.kubernetes;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying calls to the API server: the n-th consecutive failure waits between
 * half and all of {@code min(max, initial * 2^(n-1))}, so executors that lost the server together do not return
 * together.
 */
record Backoff(Duration initial, Duration max) {

    /** What the backend uses for watches, creates and deletes. */
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

    Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (from 1). */
    Duration delay(int failures) {
        var shift = Math.min(Math.max(failures, 1) - 1, 30);
        var capped = Math.min(max.toMillis(), initial.toMillis() << shift);
        if (capped <= 0) {
            capped = max.toMillis();
        }
        var half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    /** Sleeps for {@link #delay}; throws if interrupted, with the interrupt restored. */
    void sleep(int failures) throws InterruptedException {
        try {
            Thread.sleep(delay(failures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }
}

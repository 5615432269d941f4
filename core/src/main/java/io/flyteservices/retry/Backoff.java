package io.flyteservices.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: after the n-th consecutive failure the wait is drawn from [d/2, d] with
 * d = min * 2^(n-1) capped at max, so clients that lost a server together do not come back in step.
 * {@link #delay}/{@link #sleep} take the failure count from the caller and are safe to share between threads;
 * {@link #next}/{@link #reset} count failures themselves, for one loop at a time.
 */
public final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;

    /** Jitter from {@link ThreadLocalRandom} of the calling thread. */
    public Backoff(Duration min, Duration max) {
        this(min, max, null);
    }

    /** Jitter from {@code random} (tests pass a seeded one); null means the calling thread's random. */
    public Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minNanos = Objects.requireNonNull(min, "min").toNanos();
        this.maxNanos = Objects.requireNonNull(max, "max").toNanos();
        this.random = random;
        if (minNanos <= 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + ", " + max);
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (from 1). */
    public Duration delay(int failures) {
        long ceiling = minNanos;
        for (int i = 1; i < failures && ceiling < maxNanos; i++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
        return Duration.ofNanos(half + r.nextLong(ceiling - half + 1));
    }

    /** Sleeps for {@link #delay}{@code (failures)}. */
    public void sleep(int failures) throws InterruptedException {
        Thread.sleep(delay(failures));
    }

    /** The wait before the next attempt of this loop; each call doubles the ceiling up to max. */
    public Duration next() {
        failures = Math.min(failures + 1, 62);
        return delay(failures);
    }

    /** The loop succeeded: the next wait starts from min again. */
    public void reset() {
        failures = 0;
    }
}

package io.flyteservices.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Test
    void shouldStayBetweenHalfAndFullCeilingWhenDoubling() {
        Backoff backoff = new Backoff(MIN, MAX, new Random(7));

        for (int n = 0; n < 12; n++) {
            Duration ceiling = MIN.multipliedBy(1L << n).compareTo(MAX) > 0 ? MAX : MIN.multipliedBy(1L << n);
            assertThat(backoff.next()).as("wait %d", n).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void shouldStartFromMinAgainWhenReset() {
        Backoff backoff = new Backoff(MIN, MAX, new Random(7));
        for (int n = 0; n < 8; n++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next()).isBetween(MIN.dividedBy(2), MIN);
    }

    @Test
    void shouldNeverExceedMaxWhenFailingForever() {
        Backoff backoff = new Backoff(MIN, MAX, new Random(7));

        for (int n = 0; n < 200; n++) {
            assertThat(backoff.next()).isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    void shouldSpreadWaitsWhenJittering() {
        Random random = new Random(7);
        long distinct = IntStream.range(0, 20)
                .mapToObj(i -> new Backoff(MIN, MAX, random).next()).distinct().count();

        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void shouldGiveTheSameCeilingsWhenFailuresAreCountedByTheCaller() {
        Backoff shared = new Backoff(MIN, MAX);

        for (int n = 1; n <= 12; n++) {
            Duration ceiling = MIN.multipliedBy(1L << (n - 1)).compareTo(MAX) > 0 ? MAX : MIN.multipliedBy(1L << (n - 1));
            assertThat(shared.delay(n)).as("after failure %d", n).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void shouldRefuseMaxBelowMinWhenConstructed() {
        assertThatThrownBy(() -> new Backoff(MAX, MIN, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

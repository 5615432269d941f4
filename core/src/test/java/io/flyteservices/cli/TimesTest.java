package io.flyteservices.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {

    private static final Instant T0 = Instant.parse("2025-06-01T19:35:09.250Z");

    @Test
    void shouldPickTheLargestSensibleUnitWhenFormattingDurations() {
        assertThat(Times.duration(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Times.duration(Duration.ofMillis(4_250))).isEqualTo("4.2s");
        assertThat(Times.duration(Duration.ofSeconds(184))).isEqualTo("3m04s");
        assertThat(Times.duration(Duration.ofMinutes(62).plusSeconds(5))).isEqualTo("1h02m");
    }

    @Test
    void shouldMeasureToNowWhenNotEndedAndShowDashWhenNotStarted() {
        Timestamp start = ts(T0);

        assertThat(Times.between(start, ts(T0.plusMillis(1500)), T0.plusSeconds(100))).isEqualTo("1.5s");
        assertThat(Times.between(start, Timestamp.getDefaultInstance(), T0.plusSeconds(2))).isEqualTo("2.0s");
        assertThat(Times.between(Timestamp.getDefaultInstance(), null, T0)).isEqualTo("-");
        assertThat(Times.between(start, null, T0.minusSeconds(1))).isEqualTo("0ms");
    }

    @Test
    void shouldPrintUtcToTheSecondWhenFormattingInstants() {
        assertThat(Times.instant(ts(T0))).isEqualTo("2025-06-01 19:35:09Z");
        assertThat(Times.instant(Timestamp.getDefaultInstance())).isEqualTo("-");
        assertThat(Times.clock(T0)).isEqualTo("19:35:09");
    }

    private static Timestamp ts(Instant instant) {
        return Timestamps.fromMillis(instant.toEpochMilli());
    }
}

package io.flyteservices.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps and durations as the tables show them: UTC to the second, durations in the largest sensible unit. */
final class Times {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2025-06-01 19:35:09Z}, or {@code -} when unset. */
    static String instant(Timestamp ts) {
        return isSet(ts) ? INSTANT.format(toInstant(ts)) : "-";
    }

    /** {@code 19:35:09} (UTC), for lines that are printed as things happen. */
    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    /** From start to end, or to {@code now} while not ended; {@code -} when it has not started. */
    static String between(Timestamp start, Timestamp end, Instant now) {
        if (!isSet(start)) {
            return "-";
        }
        Instant until = isSet(end) ? toInstant(end) : now;
        Duration d = Duration.between(toInstant(start), until);
        return duration(d.isNegative() ? Duration.ZERO : d);
    }

    /** {@code 850ms}, {@code 4.2s}, {@code 3m04s}, {@code 1h02m}. */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return (millis / 1000) + "." + (millis % 1000) / 100 + "s";
        }
        long seconds = d.toSeconds();
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh%02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
    }

    static boolean isSet(Timestamp ts) {
        return ts != null && (ts.getSeconds() != 0 || ts.getNanos() != 0);
    }

    private static Instant toInstant(Timestamp ts) {
        return Instant.ofEpochMilli(Timestamps.toMillis(ts));
    }
}

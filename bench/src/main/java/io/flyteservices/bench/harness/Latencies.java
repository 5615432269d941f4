package io.flyteservices.bench.harness;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/** Latencies recorded from many threads (HdrHistogram, microsecond resolution, up to one minute). */
public final class Latencies {

    private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private Histogram total;

    /** Records one latency measured from {@code startNanos} ({@link System#nanoTime()}) until now. */
    public void recordSince(long startNanos) {
        recordMicros((System.nanoTime() - startNanos) / 1_000);
    }

    public void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, Math.min(micros, TimeUnit.MINUTES.toMicros(1))));
    }

    /** Everything recorded so far, folded into one histogram (the recorder keeps counting afresh). */
    public synchronized Histogram snapshot() {
        Histogram interval = recorder.getIntervalHistogram();
        if (total == null) {
            total = interval.copy();
        } else {
            total.add(interval);
        }
        return total.copy();
    }

    /** Forgets what was recorded (after a warm-up). */
    public synchronized void reset() {
        recorder.reset();
        total = null;
    }

    /** A percentile of a snapshot in milliseconds. */
    public static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}

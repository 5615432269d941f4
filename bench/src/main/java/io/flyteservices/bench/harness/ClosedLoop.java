package io.flyteservices.bench.harness;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code concurrency} workers (virtual threads), each calling the operation again as soon as
 * the previous call returns, for a warm-up (not counted) and then a measured duration. Failed calls are counted
 * apart and not timed; the first failure is kept for the report.
 */
public final class ClosedLoop {

    /** One call. {@code worker} is the worker's index, {@code sequence} counts that worker's calls. */
    @FunctionalInterface
    public interface Operation {
        void call(int worker, long sequence) throws Exception;
    }

    /** What a measured run did: calls completed, failures, the time it took and the latency histogram. */
    public record Result(int concurrency, long calls, long failures, Duration elapsed, Histogram latencies,
                         Throwable firstFailure) {

        public double perSecond() {
            return calls / (elapsed.toNanos() / 1e9);
        }

        public double p50() {
            return Latencies.millis(latencies, 50);
        }

        public double p95() {
            return Latencies.millis(latencies, 95);
        }

        public double p99() {
            return Latencies.millis(latencies, 99);
        }
    }

    private ClosedLoop() {
    }

    public static Result run(int concurrency, Duration warmUp, Duration measured, Operation operation)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(warmUp.isZero());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (long seq = 0; !stop.get(); seq++) {
                        long start = System.nanoTime();
                        try {
                            operation.call(worker, seq);
                            if (measuring.get()) {
                                latencies.recordSince(start);
                                calls.incrementAndGet();
                            }
                        } catch (Exception e) {
                            if (measuring.get()) {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet(null, e);
                            }
                        }
                    }
                }));
            }
            Thread.sleep(warmUp);
            latencies.reset();
            calls.set(0);
            failures.set(0);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(measured);
            // Read the counters before the workers wind down: the calls in flight at the end are not counted.
            long done = calls.get();
            Histogram histogram = latencies.snapshot();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long failed = failures.get();
            stop.set(true);
            return new Result(concurrency, done, failed, elapsed, histogram, firstFailure.get());
        }
    }
}

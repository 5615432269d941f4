package io.flyteservices.bench.executor;

import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** Creates runs through the functions JVM's CreateRun (gRPC): a backlog as fast as it goes, or at a fixed rate. */
final class Load {

    private final RunServiceGrpc.RunServiceBlockingStub runs;

    Load(ManagedChannel channel) {
        this.runs = RunServiceGrpc.newBlockingStub(channel);
    }

    /** Creates {@code count} runs with {@code concurrency} callers; returns how long it took. */
    Duration backlog(RunFactory factory, long count, int concurrency) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                callers.add(pool.submit(() -> {
                    for (long n = next.getAndIncrement(); n < count && failure.get() == null;
                         n = next.getAndIncrement()) {
                        try {
                            runs.createRun(factory.run(n));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> f : callers) {
                f.get();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("CreateRun failed while filling the backlog", failure.get());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Creates runs at {@code perSecond} for {@code duration} (open loop: each on its own virtual thread at its
     * scheduled time, so a slow call does not hold back the next); returns how many were created.
     */
    long paced(RunFactory factory, double perSecond, Duration duration) throws Exception {
        long total = Math.round(perSecond * duration.toNanos() / 1e9);
        long intervalNanos = (long) (1e9 / perSecond);
        AtomicLong failures = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long n = 0; n < total; n++) {
                long due = start + n * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long id = n;
                pool.submit(() -> {
                    try {
                        runs.createRun(factory.run(id));
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        first.compareAndSet(null, e);
                    }
                });
            }
        }
        if (first.get() != null) {
            throw new IllegalStateException(failures.get() + " CreateRun calls failed at the paced rate", first.get());
        }
        return total;
    }
}

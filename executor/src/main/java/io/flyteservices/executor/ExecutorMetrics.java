package io.flyteservices.executor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The executor's meters (DESIGN §6): {@code executor.claims}, {@code executor.attempts} and
 * {@code executor.attempt.duration} by outcome, {@code executor.claim.start} (claim to RUNNING recorded, as a
 * histogram), {@code executor.leases.lost}, {@code executor.takeovers};
 * gauges {@code executor.running}, {@code executor.registered}, and {@code queue.depth} and
 * {@code queue.oldest.age} as last sampled (at every heartbeat).
 */
@Singleton
public final class ExecutorMetrics {

    private final MeterRegistry registry;
    private final Counter claims;
    private final Counter leasesLost;
    private final Counter takeovers;
    private final Timer claimToStart;
    private final AtomicLong running = new AtomicLong();
    private final AtomicLong registered = new AtomicLong();
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicReference<Double> oldestAgeSeconds = new AtomicReference<>(0.0);
    private final ConcurrentHashMap<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();

    public ExecutorMetrics(MeterRegistry registry) {
        this.registry = registry;
        claims = Counter.builder("executor.claims").description("queue entries this executor claimed")
                .register(registry);
        leasesLost = Counter.builder("executor.leases.lost")
                .description("leases this executor lost (expired and taken over, or removed) while running")
                .register(registry);
        takeovers = Counter.builder("executor.takeovers")
                .description("claims of an action whose attempt was left running by a lost executor")
                .register(registry);
        claimToStart = Timer.builder("executor.claim.start")
                .description("from claiming an entry to its attempt's RUNNING phase being recorded")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        Gauge.builder("executor.running", running, AtomicLong::get)
                .description("attempts this executor runs now").register(registry);
        Gauge.builder("executor.registered", registered, AtomicLong::get)
                .description("executors in the registry at the last heartbeat").register(registry);
        Gauge.builder("queue.depth", queueDepth, AtomicLong::get)
                .description("pending queue entries at the last heartbeat").register(registry);
        Gauge.builder("queue.oldest.age", oldestAgeSeconds, AtomicReference::get).baseUnit("seconds")
                .description("age of the oldest pending queue entry at the last heartbeat").register(registry);
    }

    public void claimed(int count) {
        claims.increment(count);
    }

    /** An attempt claimed {@code took} ago is now recorded RUNNING. */
    public void started(Duration took) {
        claimToStart.record(took);
    }

    public void leaseLost() {
        leasesLost.increment();
    }

    public void takeover() {
        takeovers.increment();
    }

    public void running(int count) {
        running.set(count);
    }

    public void registry(int executors) {
        registered.set(executors);
    }

    public void queue(long depth, double oldestAge) {
        queueDepth.set(depth);
        oldestAgeSeconds.set(oldestAge);
    }

    /** One attempt ended here with {@code outcome} (succeeded, failed, retried, timed_out, aborted, lost...). */
    public void attemptEnded(String outcome, Duration took) {
        attempts.computeIfAbsent(outcome, o -> Counter.builder("executor.attempts").tag("outcome", o)
                .description("attempts ended on this executor, by outcome").register(registry)).increment();
        durations.computeIfAbsent(outcome, o -> Timer.builder("executor.attempt.duration").tag("outcome", o)
                .description("how long attempts ran on this executor, by outcome").register(registry)).record(took);
    }
}

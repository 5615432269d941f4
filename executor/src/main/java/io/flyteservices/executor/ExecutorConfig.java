package io.flyteservices.executor;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The {@code executor} configuration (concurrency itself is {@code queue.workerCount}).
 *
 * @param enabled          whether this process claims and runs actions at all
 * @param backend          where attempts run: {@code local} (processes on this machine), {@code kubernetes}, or
 *                         {@code noop} (nothing runs, every attempt succeeds at once: for measuring the control plane)
 * @param id               this executor's id in leases and the registry; default {@code <host>-<pid>-<random>}
 * @param lease            how long a claim stays this executor's without renewal; renewed every third of it
 * @param pollInterval     how often to look for work when no notification came (the fallback for lost ones)
 * @param claimBatchSize   the most entries one claim statement takes
 * @param statusBatchSize  the most fenced status writes (of different attempts) committed in one transaction: one
 *                         WAL flush for many actions; 1 writes each in a transaction of its own
 * @param statusWriters    how many such transactions may be in flight at once
 * @param maxSystemRetries how often an attempt failed by the platform (not the task) is retried
 * @param retryBackoff     the wait before the first retry; doubled for each later one
 * @param maxRetryBackoff  the cap of that wait
 * @param heartbeat        how often the registry row is refreshed
 * @param shutdownGrace    how long a stopping executor waits for running attempts before handing them back
 * @param workDir          where local attempts get their working directories; default under the system temp dir
 * @param endpoint         the control plane's HTTP address given to tasks as {@code FLYTE_ENDPOINT}, so they can
 *                         enqueue and watch children; default {@code http://localhost:<micronaut.server.port>}
 */
@ConfigurationProperties("executor")
public record ExecutorConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "local") String backend,
        @Nullable String id,
        @Bindable(defaultValue = "30s") Duration lease,
        @Bindable(defaultValue = "1s") Duration pollInterval,
        @Bindable(defaultValue = "16") int claimBatchSize,
        @Bindable(defaultValue = "64") int statusBatchSize,
        @Bindable(defaultValue = "2") int statusWriters,
        @Bindable(defaultValue = "3") int maxSystemRetries,
        @Bindable(defaultValue = "1s") Duration retryBackoff,
        @Bindable(defaultValue = "5m") Duration maxRetryBackoff,
        @Bindable(defaultValue = "10s") Duration heartbeat,
        @Bindable(defaultValue = "10s") Duration shutdownGrace,
        @Nullable String workDir,
        @Nullable String endpoint) {

    public ExecutorConfig {
        requirePositive("executor.lease", lease);
        requirePositive("executor.pollInterval", pollInterval);
        requirePositive("executor.retryBackoff", retryBackoff);
        requirePositive("executor.heartbeat", heartbeat);
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("executor.maxRetryBackoff must be >= executor.retryBackoff, got "
                    + maxRetryBackoff + " < " + retryBackoff);
        }
        if (claimBatchSize <= 0) {
            throw new IllegalArgumentException("executor.claimBatchSize must be > 0, got " + claimBatchSize);
        }
        if (statusBatchSize <= 0) {
            throw new IllegalArgumentException("executor.statusBatchSize must be > 0, got " + statusBatchSize);
        }
        if (statusWriters <= 0) {
            throw new IllegalArgumentException("executor.statusWriters must be > 0, got " + statusWriters);
        }
        if (maxSystemRetries < 0) {
            throw new IllegalArgumentException("executor.maxSystemRetries must be >= 0, got " + maxSystemRetries);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("executor.shutdownGrace must not be negative, got " + shutdownGrace);
        }
    }

    /** How often held leases are renewed: a third of the lease, so two renewals may fail before it expires. */
    public Duration renewInterval() {
        return lease.dividedBy(3);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}

package io.flyteservices.executor.run;

import flyteidl2.core.TaskTemplate;
import flyteidl2.workflow.ErrorInfo;
import io.flyteservices.executor.ExecutorConfig;
import io.flyteservices.store.AttemptRow;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/**
 * Whether a failed attempt is retried and after how long (BEHAVIOR Executor): a user error while the task's
 * {@code metadata.retries.retries} allows, a system error up to {@code executor.maxSystemRetries}, each kind
 * counted on its own; the wait is {@code executor.retryBackoff} doubled per attempt before, capped at
 * {@code executor.maxRetryBackoff}.
 */
@Singleton
public final class RetryPolicy {

    private final ExecutorConfig config;

    public RetryPolicy(ExecutorConfig config) {
        this.config = config;
    }

    /**
     * Whether attempt {@code attempt}, failed with {@code kind}, is retried, given the action's earlier attempts
     * (the failing one need not be among them yet).
     */
    public boolean retries(TaskTemplate template, ErrorInfo.Kind kind, int attempt, List<AttemptRow> attempts) {
        long earlierOfKind = attempts.stream()
                .filter(a -> a.attempt() != attempt)
                .filter(a -> a.errorKind() != null && a.errorKind() == kind.getNumber())
                .count();
        long failuresOfKind = earlierOfKind + 1;
        long allowed = kind == ErrorInfo.Kind.KIND_USER ? userRetries(template) : config.maxSystemRetries();
        return failuresOfKind <= allowed;
    }

    /** The wait before attempt {@code failedAttempt + 1}. */
    public Duration backoff(int failedAttempt) {
        Duration wait = config.retryBackoff();
        for (int i = 1; i < failedAttempt && wait.compareTo(config.maxRetryBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : wait;
    }

    private static long userRetries(TaskTemplate template) {
        return template.hasMetadata() && template.getMetadata().hasRetries()
                ? Integer.toUnsignedLong(template.getMetadata().getRetries().getRetries()) : 0;
    }
}

package io.flyteservices.queue;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The {@code queue} configuration.
 *
 * @param maxQueueSize pending entries beyond which enqueueing is refused with RESOURCE_EXHAUSTED
 * @param workerCount  attempts one executor runs at once
 */
@ConfigurationProperties("queue")
public record QueueConfig(
        @Bindable(defaultValue = "10000") int maxQueueSize,
        @Bindable(defaultValue = "8") int workerCount) {

    public QueueConfig {
        if (maxQueueSize <= 0) {
            throw new IllegalArgumentException("queue.maxQueueSize must be > 0, got " + maxQueueSize);
        }
        if (workerCount <= 0) {
            throw new IllegalArgumentException("queue.workerCount must be > 0, got " + workerCount);
        }
    }
}

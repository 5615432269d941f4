package io.flyteservices.queue;

import io.flyteservices.error.Errors;
import io.flyteservices.store.QueueStore;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/** Refuses new queue entries once {@code queue.maxQueueSize} are pending. */
@Singleton
public final class QueueCapacity {

    private final QueueStore queue;
    private final int maxQueueSize;

    public QueueCapacity(QueueStore queue, QueueConfig config) {
        this.queue = queue;
        this.maxQueueSize = config.maxQueueSize();
    }

    /** Throws RESOURCE_EXHAUSTED when the queue is full. */
    public void requireRoom(Connection c) throws SQLException {
        if (queue.countPendingUpTo(c, maxQueueSize) >= maxQueueSize) {
            throw Errors.resourceExhausted("the queue is full (" + maxQueueSize
                    + " pending actions, queue.maxQueueSize); retry later");
        }
    }
}

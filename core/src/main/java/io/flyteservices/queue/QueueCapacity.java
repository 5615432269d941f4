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

    /**
     * Throws RESOURCE_EXHAUSTED when the entry this transaction just inserted is one more than
     * {@code queue.maxQueueSize} pending (the count sees it): checked after the insert, so that a duplicate is
     * refused as ALREADY_EXISTS first whatever the queue's length, and the insert and the entry are one statement.
     */
    public void requireRoomAfterInsert(Connection c) throws SQLException {
        if (queue.countPendingUpTo(c, Math.min(maxQueueSize, Integer.MAX_VALUE - 1) + 1) > maxQueueSize) {
            throw Errors.resourceExhausted("the queue is full (" + maxQueueSize
                    + " pending actions, queue.maxQueueSize); retry later");
        }
    }
}

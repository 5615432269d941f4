package io.flyteservices.feed;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A doorbell between the notification thread and the feed's thread: any number of rings before the feed looks
 * collapse into one wake-up, and a ring while the feed is reading is kept for its next wait, so none is lost.
 */
final class WakeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rung = lock.newCondition();
    private boolean pending;

    /** Wakes the waiter now, or makes its next wait return at once. */
    void ring() {
        lock.lock();
        try {
            pending = true;
            rung.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a ring at most {@code timeout}; returns whether one came (and consumes it). */
    boolean await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!pending && nanos > 0) {
                nanos = rung.awaitNanos(nanos);
            }
            boolean woken = pending;
            pending = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }
}

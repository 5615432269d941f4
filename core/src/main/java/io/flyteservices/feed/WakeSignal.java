package io.flyteservices.feed;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A doorbell between a notification thread and a loop (the feed, an executor's claimer): any number of rings
 * before the loop looks collapse into one wake-up, and a ring while the loop is busy is kept for its next wait, so
 * none is lost.
 */
public final class WakeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rung = lock.newCondition();
    private boolean pending;

    /** Wakes the waiter now, or makes its next wait return at once. */
    public void ring() {
        lock.lock();
        try {
            pending = true;
            rung.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a ring at most {@code timeout}; returns whether one came (and consumes it). */
    public boolean await(Duration timeout) throws InterruptedException {
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

package io.flyteservices.feed;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The outgoing side of one watch stream: a bounded buffer that honours gRPC flow control, so a slow reader never
 * holds up the feed or other streams.
 *
 * <ul>
 *   <li><b>Snapshot first.</b> Live messages computed before {@link #snapshotStarting()} are dropped (the snapshot
 *   read starts later and sees at least as much); live messages arriving while the snapshot is read are held and
 *   queued after it ({@link #snapshotDone()}).</li>
 *   <li><b>Coalescing.</b> A live message replaces a not-yet-sent live message with the same key (the latest full
 *   state of a run, an action, a tree node), so a reader that falls behind receives fewer, newer messages instead
 *   of losing any. Keys of append-only streams are unique and never coalesce.</li>
 *   <li><b>End after the snapshot.</b> {@link #finish()} ends the stream once everything queued is sent, but never
 *   before the snapshot is queued: a live update that arrives while the stream opens may find the run terminal and
 *   finish, while its own message is dropped as older than the snapshot, which then carries that state.</li>
 *   <li><b>Overflow.</b> When more than {@code capacity} messages wait, the stream ends with RESOURCE_EXHAUSTED: the
 *   client reconnects and starts again from a snapshot. Nothing is ever silently skipped.</li>
 * </ul>
 */
public final class StreamSender<M> {

    /** A queued message; a coalescing live message replaces {@code message} in place, keeping its position. */
    private static final class Entry<M> {
        final Object key;
        M message;

        Entry(Object key, M message) {
            this.key = key;
            this.message = message;
        }
    }

    private final ServerCallStreamObserver<M> observer;
    private final int capacity;
    private final Runnable onClose;
    private final Deque<Entry<M>> queue = new ArrayDeque<>();
    private final Map<Object, Entry<M>> coalescable = new HashMap<>();
    private final Deque<Entry<M>> held = new ArrayDeque<>();
    private long snapshotStartedNanos = Long.MAX_VALUE;
    private boolean snapshotDone;
    private boolean finishing;
    private boolean closed;
    private boolean overflowed;

    /** Takes over the observer's ready and cancel handlers; {@code onClose} runs once when the stream ends. */
    public StreamSender(ServerCallStreamObserver<M> observer, int capacity, Runnable onClose) {
        this.observer = observer;
        this.capacity = capacity;
        this.onClose = onClose;
        observer.setOnReadyHandler(this::drain);
        observer.setOnCancelHandler(this::cancelled);
    }

    /** The snapshot read starts now: live messages computed earlier are stale from here on. */
    public synchronized void snapshotStarting() {
        snapshotStartedNanos = System.nanoTime();
    }

    /**
     * Whether what was computed through reads that started at {@code computedNanos} may be older than the snapshot:
     * a watch must then neither send it nor change its own state by it (the snapshot carries it).
     */
    public synchronized boolean isStale(long computedNanos) {
        return computedNanos < snapshotStartedNanos;
    }

    /** Queues one message of the snapshot. */
    public void snapshot(M message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.add(new Entry<>(new Object(), message));
        }
        drain();
    }

    /** The snapshot is queued; live messages held meanwhile follow it. */
    public void snapshotDone() {
        synchronized (this) {
            snapshotDone = true;
            while (!held.isEmpty()) {
                enqueueLive(held.poll());
            }
        }
        drain();
    }

    /**
     * Queues a live message computed from reads that started at {@code computedNanos}, replacing a waiting live
     * message with the same key.
     */
    public void live(long computedNanos, Object key, M message) {
        synchronized (this) {
            if (closed || isStale(computedNanos)) {
                return;
            }
            Entry<M> entry = new Entry<>(key, message);
            if (!snapshotDone) {
                held.removeIf(e -> e.key.equals(key));
                held.add(entry);
                if (held.size() > capacity) {
                    overflow();
                }
                return;
            }
            enqueueLive(entry);
        }
        drain();
    }

    /** Ends the stream with OK once everything queued has been sent. */
    public void finish() {
        synchronized (this) {
            finishing = true;
        }
        drain();
    }

    /** Ends the stream now with {@code status}. */
    public void fail(Status status) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            coalescable.clear();
            observer.onError(status.asRuntimeException());
        }
        onClose.run();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Whether the stream was ended because its reader fell too far behind. */
    public synchronized boolean overflowed() {
        return overflowed;
    }

    private void enqueueLive(Entry<M> entry) {
        Entry<M> waiting = coalescable.get(entry.key);
        if (waiting != null) {
            // Still unsent: replace in place, keeping the order in which keys first appeared (parents first).
            waiting.message = entry.message;
            return;
        }
        if (queue.size() >= capacity) {
            overflow();
            return;
        }
        queue.add(entry);
        coalescable.put(entry.key, entry);
    }

    private void overflow() {
        closed = true;
        overflowed = true;
        queue.clear();
        coalescable.clear();
        held.clear();
        observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("the stream fell more than " + capacity
                + " messages behind (runs.watchBufferSize); reconnect to start again from a snapshot")
                .asRuntimeException());
        onClose.run();
    }

    private void drain() {
        boolean completed = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            while (!queue.isEmpty() && observer.isReady()) {
                Entry<M> entry = queue.poll();
                coalescable.remove(entry.key, entry);
                observer.onNext(entry.message);
            }
            if (queue.isEmpty() && finishing && snapshotDone) {
                closed = true;
                observer.onCompleted();
                completed = true;
            }
        }
        if (completed) {
            onClose.run();
        }
    }

    private void cancelled() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            coalescable.clear();
            held.clear();
        }
        onClose.run();
    }
}

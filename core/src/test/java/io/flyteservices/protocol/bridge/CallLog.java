package io.flyteservices.protocol.bridge;

import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What the test services saw: calls, the last request metadata, cancellations, back-pressure. */
@Singleton
@Requires(env = TestServer.ENVIRONMENT)
public final class CallLog {

    private final AtomicInteger echoCalls = new AtomicInteger();
    private final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
    private final AtomicReference<Deadline> lastDeadline = new AtomicReference<>();
    private final AtomicReference<Status> slowEnd = new AtomicReference<>();
    private final CountDownLatch slowEnded = new CountDownLatch(1);
    private final CountDownLatch foreverCancelled = new CountDownLatch(1);
    private final AtomicBoolean foreverBackpressured = new AtomicBoolean();
    private final AtomicInteger foreverSent = new AtomicInteger();

    void echoCalled() {
        echoCalls.incrementAndGet();
    }

    public int echoCalls() {
        return echoCalls.get();
    }

    void headersSeen(Metadata headers) {
        lastHeaders.set(headers);
    }

    public Metadata lastHeaders() {
        return lastHeaders.get();
    }

    void deadlineSeen(Deadline deadline) {
        lastDeadline.set(deadline);
    }

    /** The deadline the last call's {@code Context} had when it started, or null. */
    public Deadline lastDeadline() {
        return lastDeadline.get();
    }

    void slowEnded(Status status) {
        slowEnd.set(status);
        slowEnded.countDown();
    }

    public CountDownLatch slowEnded() {
        return slowEnded;
    }

    public Status slowEnd() {
        return slowEnd.get();
    }

    void markForeverCancelled() {
        foreverCancelled.countDown();
    }

    public CountDownLatch foreverCancelled() {
        return foreverCancelled;
    }

    void foreverBackpressured() {
        foreverBackpressured.set(true);
    }

    public boolean isForeverBackpressured() {
        return foreverBackpressured.get();
    }

    void foreverSent() {
        foreverSent.incrementAndGet();
    }

    public int foreverSentCount() {
        return foreverSent.get();
    }
}

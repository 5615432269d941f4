package io.flyteservices.gateway;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Records what a server stream delivers, for tests that wait on conditions rather than clocks. */
final class StreamRecorder<T> implements StreamObserver<T> {

    final List<T> messages = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Status status;

    @Override
    public void onNext(T value) {
        messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
        status = Status.fromThrowable(t);
        done.countDown();
    }

    @Override
    public void onCompleted() {
        status = Status.OK;
        done.countDown();
    }

    /** Waits until some message satisfies {@code condition}. */
    T awaitMessage(Predicate<T> condition) {
        await().atMost(Duration.ofSeconds(15)).until(() -> messages.stream().anyMatch(condition));
        return messages.stream().filter(condition).findFirst().orElseThrow();
    }

    /** Waits for the stream to end and returns its status. */
    Status awaitEnd() throws InterruptedException {
        if (!done.await(15, TimeUnit.SECONDS)) {
            throw new AssertionError("stream did not end; received " + messages.size() + " messages");
        }
        return status;
    }

    boolean ended() {
        return done.getCount() == 0;
    }
}

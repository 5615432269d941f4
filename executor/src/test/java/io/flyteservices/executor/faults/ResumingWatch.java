package io.flyteservices.executor.faults;

import flyteidl2.workflow.Phase;
import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One watch stream about one run, as a client that reconnects would hold it: opened again after an error (a killed
 * or draining gateway), it starts over from the snapshot. It records the last phase it saw of each action and when
 * it first saw each final one; it is over when the server ends it (after the run's terminal update).
 */
final class ResumingWatch<T> implements StreamObserver<T> {

    private static final Duration RECONNECT_AFTER = Duration.ofMillis(200);

    private final Cluster cluster;
    private final ScheduledExecutorService reconnects;
    private final BiConsumer<RunServiceGrpc.RunServiceStub, StreamObserver<T>> open;
    private final Function<T, Map<String, Phase>> phases;
    private final Map<String, Phase> lastPhase = new ConcurrentHashMap<>();
    private final Map<String, Long> finalSeenAt = new ConcurrentHashMap<>();
    private final Map<Status.Code, Integer> errors = new ConcurrentHashMap<>();
    private volatile boolean ended;
    private volatile boolean unexpected;
    /** What happened on the stream, in order, for failure messages: opened, each message's phases, the end. */
    private final java.util.List<String> history = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private final String name;

    ResumingWatch(String name, Cluster cluster, ScheduledExecutorService reconnects,
                  BiConsumer<RunServiceGrpc.RunServiceStub, StreamObserver<T>> open,
                  Function<T, Map<String, Phase>> phases) {
        this.name = name;
        this.cluster = cluster;
        this.reconnects = reconnects;
        this.open = open;
        this.phases = phases;
    }

    ResumingWatch<T> start() {
        history.add("open");
        open.accept(cluster.watches(), this);
        return this;
    }

    @Override
    public void onNext(T response) {
        long now = System.nanoTime();
        history.add(phases.apply(response).toString());
        phases.apply(response).forEach((action, phase) -> {
            lastPhase.put(action, phase);
            if (Ledger.terminal(phase.getNumber())) {
                finalSeenAt.putIfAbsent(action, now);
            }
        });
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        errors.merge(status.getCode(), 1, Integer::sum);
        history.add(status.getCode() + " " + status.getDescription());
        unexpected |= !connectionLost(status);
        if (reconnects.isShutdown()) {
            // The test is over: nobody watches any more.
            return;
        }
        cluster.reconnectNow();
        reconnects.schedule(this::start, RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onCompleted() {
        history.add("completed");
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** Whether the stream ended having seen a final phase of every one of {@code actions}. */
    boolean sawFinalOf(Iterable<String> actions) {
        for (String a : actions) {
            Phase p = lastPhase.get(a);
            if (p == null || !Ledger.terminal(p.getNumber())) {
                return false;
            }
        }
        return ended;
    }

    /** When the last of the actions' final phases was first seen; null if one was never seen. */
    Long caughtUpAt() {
        return finalSeenAt.isEmpty() || finalSeenAt.size() < lastPhase.size() ? null
                : finalSeenAt.values().stream().max(Long::compare).orElseThrow();
    }

    /**
     * Whether {@code status} is what a client sees when the server or the connection went away: UNAVAILABLE, or
     * UNKNOWN "channel closed", which grpc-java reports when the connection under an open stream closes at once
     * (a killed process).
     */
    static boolean connectionLost(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.UNKNOWN && "channel closed".equals(status.getDescription());
    }

    /** Whether an error other than a lost connection ended one of its streams. */
    boolean unexpectedError() {
        return unexpected;
    }

    Map<Status.Code, Integer> errors() {
        return Map.copyOf(errors);
    }

    /** What it saw, for failure messages. */
    @Override
    public String toString() {
        return name + ": " + history;
    }
}

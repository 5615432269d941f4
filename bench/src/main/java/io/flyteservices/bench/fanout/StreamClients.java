package io.flyteservices.bench.fanout;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchResponse;
import io.flyteservices.bench.harness.Latencies;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The watching side: many streams multiplexed on a few HTTP/2 connections (one Netty event loop per connection,
 * at most two threads), callbacks on the event loop itself. Each received update of a written leaf records
 * receipt time minus write time, per RPC, once the stream's snapshot is in and while measuring.
 */
final class StreamClients implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final WriteLog log;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile boolean closing;

    final Latencies watchActions = new Latencies();
    final Latencies stateWatch = new Latencies();
    final Latencies all = new Latencies();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Status> firstError = new AtomicReference<>();
    private int opened;
    private CountDownLatch snapshots;

    StreamClients(int gatewayGrpcPort, int connections, WriteLog log) {
        this.group = new NioEventLoopGroup(Math.min(2, connections));
        for (int i = 0; i < connections; i++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", gatewayGrpcPort).usePlaintext()
                    .eventLoopGroup(group).channelType(NioSocketChannel.class).directExecutor()
                    .maxInboundMessageSize(16 * 1024 * 1024).build());
        }
        this.log = log;
    }

    /**
     * Opens every stream of {@code runs} (WatchActions per run, one StateService.Watch per parent), at most
     * {@code concurrency} waiting for their snapshot at a time; returns when all snapshots are in.
     */
    void open(List<WatchedRun> runs, int watchActionsPerRun, int concurrency) throws InterruptedException {
        int total = runs.size() * (watchActionsPerRun + runs.getFirst().parents().size());
        snapshots = new CountDownLatch(total);
        Semaphore opening = new Semaphore(concurrency);
        int next = 0;
        for (WatchedRun run : runs) {
            for (int w = 0; w < watchActionsPerRun; w++) {
                opening.acquire();
                RunServiceGrpc.newStub(channels.get(next++ % channels.size())).watchActions(
                        WatchActionsRequest.newBuilder().setRunId(run.id()).build(), new ActionsObserver(opening));
                opened++;
            }
            for (String parent : run.parents()) {
                opening.acquire();
                StateServiceGrpc.newStub(channels.get(next++ % channels.size())).watch(
                        WatchRequest.newBuilder().setParentActionId(run.action(parent)).build(),
                        new ChildrenObserver(opening));
                opened++;
            }
        }
        if (!snapshots.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(snapshots.getCount() + " of " + total + " streams got no snapshot; "
                    + "first error " + firstError.get());
        }
    }

    int opened() {
        return opened;
    }

    void measure(boolean on) {
        if (on) {
            watchActions.reset();
            stateWatch.reset();
            all.reset();
        }
        measuring.set(on);
    }

    long messages() {
        return messages.get();
    }

    /** Updates of written leaves received (one per stream per write it watches). */
    long matched() {
        return matched.get();
    }

    long errors() {
        return errors.get();
    }

    Status firstError() {
        return firstError.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private void received(ActionIdentifier action, int phase, long now, Latencies rpc) {
        long at = log.writtenAt(WatchedRun.label(action), phase);
        if (at < 0) {
            return; // a parent's counts, or a phase the benchmark did not write
        }
        if (measuring.get()) {
            matched.incrementAndGet();
            long micros = (now - at) / 1_000;
            rpc.recordMicros(micros);
            all.recordMicros(micros);
        }
    }

    private abstract class Observer<M> implements StreamObserver<M> {
        private final Semaphore opening;
        boolean live;

        Observer(Semaphore opening) {
            this.opening = opening;
        }

        void snapshotIn() {
            live = true;
            opening.release();
            snapshots.countDown();
        }

        @Override
        public void onError(Throwable t) {
            if (closing) {
                return; // the round is over and the channels are going away
            }
            Status status = Status.fromThrowable(t);
            errors.incrementAndGet();
            firstError.compareAndSet(null, status);
            if (!live) {
                snapshotIn();
            }
        }

        @Override
        public void onCompleted() {
            if (!live) {
                snapshotIn();
            }
        }
    }

    /** WatchActions: the first message is the tree; later ones carry the changed nodes. */
    private final class ActionsObserver extends Observer<WatchActionsResponse> {
        ActionsObserver(Semaphore opening) {
            super(opening);
        }

        @Override
        public void onNext(WatchActionsResponse response) {
            long now = System.nanoTime();
            messages.incrementAndGet();
            if (!live) {
                snapshotIn();
                return;
            }
            for (EnrichedAction node : response.getEnrichedActionsList()) {
                received(node.getAction().getId(), node.getAction().getStatus().getPhaseValue(), now, watchActions);
            }
        }
    }

    /** StateService.Watch: one update per child, then the sentinel, then live updates. */
    private final class ChildrenObserver extends Observer<WatchResponse> {
        ChildrenObserver(Semaphore opening) {
            super(opening);
        }

        @Override
        public void onNext(WatchResponse response) {
            long now = System.nanoTime();
            messages.incrementAndGet();
            if (!live) {
                if (response.hasControlMessage() && response.getControlMessage().getSentinel()) {
                    snapshotIn();
                }
                return;
            }
            if (response.hasActionUpdate()) {
                received(response.getActionUpdate().getActionId(), response.getActionUpdate().getPhaseValue(), now,
                        stateWatch);
            }
        }
    }
}

package io.flyteservices.gateway;

import io.flyteservices.feed.BatchView;
import io.flyteservices.feed.Change;
import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.feed.Subscription;
import io.flyteservices.protocol.grpc.GrpcErrors;
import io.flyteservices.runs.RunsConfig;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.function.Function;

/**
 * Opens a watch stream the one way every RPC does it (DESIGN §4): subscribe first, then read and queue the
 * snapshot, then live updates. The subscription is removed and the stream forgotten when it ends for any reason.
 */
@Singleton
public final class Streams {

    private final FanOut fanOut;
    private final OpenStreams open;
    private final int bufferSize;

    public Streams(FanOut fanOut, OpenStreams open, RunsConfig config) {
        this.fanOut = fanOut;
        this.open = open;
        this.bufferSize = config.watchBufferSize();
    }

    /** A watch whose subscription also knows how to produce its snapshot. */
    public interface Watch extends Subscription {
        /** Reads and queues the snapshot (called after subscribing); may finish the stream. */
        void sendSnapshot();
    }

    /**
     * Starts a stream for {@code rpc}: {@code watch} is built around the stream's sender, subscribed, and asked for
     * its snapshot.
     */
    public <M> void open(String rpc, StreamObserver<M> observer, Function<StreamSender<M>, Watch> watchFor) {
        ServerCallStreamObserver<M> call = (ServerCallStreamObserver<M>) observer;
        Watch[] watch = new Watch[1];
        Subscription[] subscription = new Subscription[1];
        StreamSender<M>[] sender = new StreamSender[1];
        sender[0] = new StreamSender<>(call, bufferSize, () -> {
            if (subscription[0] != null) {
                fanOut.unsubscribe(subscription[0]);
            }
            open.closed(rpc, sender[0]);
        });
        watch[0] = watchFor.apply(sender[0]);
        subscription[0] = new AfterSnapshot(watch[0], sender[0]);
        open.opened(rpc, sender[0]);
        fanOut.subscribe(subscription[0]);
        sender[0].snapshotStarting();
        try {
            watch[0].sendSnapshot();
            sender[0].snapshotDone();
        } catch (RuntimeException e) {
            sender[0].fail(GrpcErrors.toStatus(e));
        }
        if (sender[0].isClosed()) {
            fanOut.unsubscribe(subscription[0]);
        }
    }

    /**
     * A watch's subscription that ignores batches read through a view older than its snapshot. Reads through a view
     * happen after the view is made, so such a batch may show a newer state than the snapshot (which its sender then
     * drops as stale) and the watch would record it as sent, or finish on it: the client saw neither. The snapshot,
     * or a later batch made after it, carries that state instead.
     */
    private record AfterSnapshot(Watch watch, StreamSender<?> sender) implements Subscription {
        @Override
        public long runId() {
            return watch.runId();
        }

        @Override
        public void plan(List<Change> changes, BatchView.Plan plan) {
            watch.plan(changes, plan);
        }

        @Override
        public void onChanges(List<Change> changes, BatchView view) {
            if (!sender.isStale(view.createdNanos())) {
                watch.onChanges(changes, view);
            }
        }
    }

    public FanOut fanOut() {
        return fanOut;
    }
}

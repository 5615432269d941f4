package io.flyteservices.gateway;

import io.flyteservices.feed.FanOut;
import io.flyteservices.feed.StreamSender;
import io.flyteservices.feed.Subscription;
import io.flyteservices.protocol.grpc.GrpcErrors;
import io.flyteservices.runs.RunsConfig;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

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
        StreamSender<M>[] sender = new StreamSender[1];
        sender[0] = new StreamSender<>(call, bufferSize, () -> {
            if (watch[0] != null) {
                fanOut.unsubscribe(watch[0]);
            }
            open.closed(rpc, sender[0]);
        });
        watch[0] = watchFor.apply(sender[0]);
        open.opened(rpc, sender[0]);
        fanOut.subscribe(watch[0]);
        sender[0].snapshotStarting();
        try {
            watch[0].sendSnapshot();
            sender[0].snapshotDone();
        } catch (RuntimeException e) {
            sender[0].fail(GrpcErrors.toStatus(e));
        }
        if (sender[0].isClosed()) {
            fanOut.unsubscribe(watch[0]);
        }
    }

    public FanOut fanOut() {
        return fanOut;
    }
}

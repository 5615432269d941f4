package io.flyteservices.bench.write;

import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.util.concurrent.TimeUnit;

/**
 * Blocking grpc-java stubs on one plaintext channel (one HTTP/2 connection, calls multiplexed), each call made
 * from its own virtual thread: how a JVM client would call the service.
 */
public final class GrpcWriteClient implements WriteClient {

    private final ManagedChannel channel;
    private final RunServiceGrpc.RunServiceBlockingStub runs;
    private final QueueServiceGrpc.QueueServiceBlockingStub queue;

    public GrpcWriteClient(int port) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        this.runs = RunServiceGrpc.newBlockingStub(channel);
        this.queue = QueueServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public String protocol() {
        return "grpc";
    }

    @Override
    public CreateRunResponse createRun(CreateRunRequest request) {
        return runs.createRun(request);
    }

    @Override
    public void enqueueAction(EnqueueActionRequest request) {
        queue.enqueueAction(request);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

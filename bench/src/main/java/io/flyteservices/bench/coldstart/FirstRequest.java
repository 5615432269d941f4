package io.flyteservices.bench.coldstart;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.TimeUnit;

/**
 * The request whose answer ends a cold start: GetRunDetails of a run that does not exist, over a new gRPC channel.
 * NOT_FOUND is a served request: the call went through the server, the handler and a database query.
 */
final class FirstRequest {

    private static final RunIdentifier MISSING = RunIdentifier.newBuilder().setOrg("").setProject("coldstart")
            .setDomain("development").setName("missing").build();

    private FirstRequest() {
    }

    /** Sends it until answered (the port is bound, but a refused connection is retried) and returns when served. */
    static void send(int grpcPort, long deadlineNanos) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            while (true) {
                try {
                    RunServiceGrpc.newBlockingStub(channel).withWaitForReady()
                            .withDeadlineAfter(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                            .getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(MISSING).build());
                    throw new IllegalStateException("a run that does not exist was found");
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                        return;
                    }
                    if (System.nanoTime() > deadlineNanos) {
                        throw new IllegalStateException("no answer: " + e.getStatus(), e);
                    }
                    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                        throw new IllegalStateException("unexpected answer: " + e.getStatus(), e);
                    }
                    Thread.sleep(5);
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }
}

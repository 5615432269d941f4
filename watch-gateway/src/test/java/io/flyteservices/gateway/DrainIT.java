package io.flyteservices.gateway;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway that shuts down ends its open streams with UNAVAILABLE, so clients reconnect elsewhere. */
class DrainIT {

    @Test
    void shouldEndOpenStreamsWithUnavailableWhenTheGatewayStops() throws Exception {
        TestServer server = TestServer.start();
        ManagedChannel client = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
            RunServiceGrpc.newBlockingStub(client).createRun(Fixtures.createRun(id));
            StreamRecorder<WatchRunDetailsResponse> stream = new StreamRecorder<>();
            RunServiceGrpc.newStub(client).watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(id).build(),
                    stream);
            stream.awaitMessage(m -> true);

            server.context().close();

            Status status = stream.awaitEnd();
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).contains("shutting down");
        } finally {
            client.shutdownNow();
            server.close();
        }
    }
}

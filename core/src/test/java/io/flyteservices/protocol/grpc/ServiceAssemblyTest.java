package io.flyteservices.protocol.grpc;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.GetRunDetailsResponse;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.RunDetails;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import io.flyteservices.error.Errors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServiceAssemblyTest {

    /** Implements one unary method, like the functions part. */
    static final class UnaryPart implements RunServiceGrpc.AsyncService {
        @Override
        public void getRunDetails(GetRunDetailsRequest request, StreamObserver<GetRunDetailsResponse> observer) {
            if (request.getRunId().getName().equals("missing")) {
                throw Errors.notFound("run", "missing");
            }
            observer.onNext(GetRunDetailsResponse.newBuilder().setDetails(RunDetails.getDefaultInstance()).build());
            observer.onCompleted();
        }
    }

    /** Implements one stream, like the gateway part. */
    static final class StreamPart implements RunServiceGrpc.AsyncService {
        @Override
        public void watchRunDetails(WatchRunDetailsRequest request, StreamObserver<WatchRunDetailsResponse> observer) {
            observer.onNext(WatchRunDetailsResponse.getDefaultInstance());
            observer.onNext(WatchRunDetailsResponse.getDefaultInstance());
            observer.onCompleted();
        }
    }

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    @Test
    void shouldServeEachMethodFromThePartThatImplementsItWhenPartsAreAssembled() throws Exception {
        var stub = start(List.of(new StreamPart(), new UnaryPart()));

        assertThat(stub.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(RunIdentifier.newBuilder()
                .setName("r")).build()).hasDetails()).isTrue();
        List<WatchRunDetailsResponse> streamed = new java.util.ArrayList<>();
        stub.watchRunDetails(WatchRunDetailsRequest.getDefaultInstance()).forEachRemaining(streamed::add);
        assertThat(streamed).hasSize(2);
        StatusRuntimeException unimplemented = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.listRuns(ListRunsRequest.getDefaultInstance()));
        assertThat(unimplemented.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void shouldMapExceptionsToStatusesWhenAPartThrows() throws Exception {
        var stub = start(List.of(new UnaryPart()));

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(RunIdentifier.newBuilder()
                        .setName("missing")).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("run missing not found");
    }

    @Test
    void shouldNameTheJavaMethodOfAnRpc() {
        assertThat(ServiceAssembly.javaName("WatchRunDetails")).isEqualTo("watchRunDetails");
        assertThat(ServiceAssembly.implementsMethod(UnaryPart.class, "getRunDetails")).isTrue();
        assertThat(ServiceAssembly.implementsMethod(UnaryPart.class, "watchRunDetails")).isFalse();
    }

    private RunServiceGrpc.RunServiceBlockingStub start(List<RunServiceGrpc.AsyncService> parts) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServiceAssembly.assemble(RunServiceGrpc.getServiceDescriptor(), parts,
                        RunServiceGrpc::bindService))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return RunServiceGrpc.newBlockingStub(channel);
    }
}

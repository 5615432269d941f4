package io.flyteservices.protocol.grpc;

import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import io.grpc.ServerServiceDefinition;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The flyteidl2 workflow services as served: one definition per service, assembled from whatever parts the
 * deployables on the class path contribute (beans implementing the generated {@code AsyncService} interfaces).
 * micronaut-grpc and the Connect/gRPC-Web bridge both serve these definitions.
 */
@Factory
public final class WorkflowServices {

    @Singleton
    @Named("queue-service")
    @Requires(beans = QueueServiceGrpc.AsyncService.class)
    ServerServiceDefinition queueService(List<QueueServiceGrpc.AsyncService> parts) {
        return ServiceAssembly.assemble(QueueServiceGrpc.getServiceDescriptor(), parts, QueueServiceGrpc::bindService);
    }

    @Singleton
    @Named("run-service")
    @Requires(beans = RunServiceGrpc.AsyncService.class)
    ServerServiceDefinition runService(List<RunServiceGrpc.AsyncService> parts) {
        return ServiceAssembly.assemble(RunServiceGrpc.getServiceDescriptor(), parts, RunServiceGrpc::bindService);
    }

    @Singleton
    @Named("state-service")
    @Requires(beans = StateServiceGrpc.AsyncService.class)
    ServerServiceDefinition stateService(List<StateServiceGrpc.AsyncService> parts) {
        return ServiceAssembly.assemble(StateServiceGrpc.getServiceDescriptor(), parts, StateServiceGrpc::bindService);
    }
}

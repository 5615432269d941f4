package io.flyteservices.protocol.grpc;

import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Server reflection on every deployable, so {@code grpcurl} and {@code buf curl} work without .proto files.
 * (The gRPC health service comes with micronaut-grpc.)
 */
@Factory
public final class GrpcServicesFactory {

    @Singleton
    @Named("reflection")
    BindableService reflection() {
        return ProtoReflectionServiceV1.newInstance();
    }
}

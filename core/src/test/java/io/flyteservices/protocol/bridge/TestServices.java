package io.flyteservices.protocol.bridge;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Registers the test service and interceptor as beans, only in the adapter tests' environment. */
@Factory
@Requires(env = TestServer.ENVIRONMENT)
final class TestServices {

    @Singleton
    BindableService echoService(CallLog log, HealthStatusManager health) {
        return new EchoService(log, health);
    }

    @Singleton
    ServerInterceptor headerEchoInterceptor(CallLog log) {
        return new HeaderEchoInterceptor(log);
    }
}

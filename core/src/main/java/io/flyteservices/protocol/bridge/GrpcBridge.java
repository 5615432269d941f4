package io.flyteservices.protocol.bridge;

import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.grpc.server.health.HealthStatusManagerContainer;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process gRPC server holding exactly what micronaut-grpc's server holds (every {@link BindableService}
 * and {@link ServerServiceDefinition} bean, the health service when enabled, every {@link ServerInterceptor} bean
 * in the same order, every {@link ServerTransportFilter}), and a channel to it. Built when first needed (the HTTP
 * routes ask for it on their first request), closed with the context. Being a {@code BindableService} bean is all
 * a service needs to be reachable over Connect and gRPC-Web.
 */
@Singleton
public final class GrpcBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcBridge.class);

    private final Server server;
    private final ManagedChannel channel;
    private final RpcMethods methods;
    private final MessageCodec codec;

    GrpcBridge(List<BindableService> services,
               List<ServerServiceDefinition> definitions,
               List<ServerInterceptor> interceptors,
               List<ServerTransportFilter> transportFilters,
               @Nullable HealthStatusManagerContainer health,
               @Named(TaskExecutors.IO) ExecutorService executor) {
        String name = "protocol-bridge-" + UUID.randomUUID();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).executor(executor);
        if (health != null) {
            builder.addService(health.getHealthStatusManager().getHealthService());
        }
        services.forEach(builder::addService);
        // Same order as micronaut-grpc's GrpcServerBuilder: reverse-sorted, each added with intercept(), so the
        // interceptor with the lowest order runs first.
        List<ServerInterceptor> ordered = new ArrayList<>(interceptors);
        OrderUtil.reverseSort(ordered);
        ordered.forEach(builder::intercept);
        transportFilters.forEach(builder::addTransportFilter);
        definitions.forEach(builder::addService);
        try {
            this.server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start in-process gRPC server " + name, e);
        }
        this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        this.methods = RpcMethods.of(server.getImmutableServices());
        this.codec = new MessageCodec(methods.typeRegistry());
        LOG.info("protocol bridge started server={} methods={} interceptors={}", name, methods.size(),
                ordered.size());
    }

    /** The method served at {@code /<full.Service>/<Method>}, if any. */
    public Optional<RpcMethod> method(String path) {
        return methods.find(path);
    }

    /** JSON and binary forms of the messages of every bridged service. */
    public MessageCodec codec() {
        return codec;
    }

    /** Starts a call: sends {@code requests}, half-closes, and returns the call to read the response from. */
    public RpcCall call(RpcMethod method, Metadata metadata, Optional<Duration> timeout, List<Message> requests) {
        return RpcCall.start(channel, method, metadata, timeout, requests);
    }

    @PreDestroy
    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("protocol bridge server did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

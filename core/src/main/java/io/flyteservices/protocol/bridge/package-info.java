/**
 * The in-process bridge from HTTP protocols to the grpc-java services: an in-process gRPC server built from the
 * same {@code BindableService}, {@code ServerServiceDefinition} and {@code ServerInterceptor} beans that
 * micronaut-grpc serves on the gRPC port, a channel to it, the lookup from {@code /<full.Service>/<Method>} to
 * each method, request headers as {@code Metadata}, timeouts as deadlines, and one call with flow control.
 * It knows nothing about Connect or gRPC-Web framing; those live in {@code protocol.connect} and
 * {@code protocol.grpcweb}. It never maps errors: a call's {@code Status} is passed up unchanged.
 */
package io.flyteservices.protocol.bridge;

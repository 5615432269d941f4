/**
 * The functions deployable: gRPC endpoints for the unary RPCs of QueueService and RunService. Endpoints only
 * translate between the wire and core; they hold no state between calls and no try/catch (errors are mapped
 * by {@code protocol.grpc.ErrorMappingInterceptor}).
 */
package io.flyteservices.functions;

/**
 * gRPC plumbing shared by every deployable: the one mapping from the system's exceptions to gRPC statuses and
 * the interceptor that applies it, so endpoints stay free of try/catch.
 */
package io.flyteservices.protocol.grpc;

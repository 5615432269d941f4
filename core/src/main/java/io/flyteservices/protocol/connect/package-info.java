/**
 * The Connect protocol on the Micronaut HTTP port: unary POST ({@code application/json}, {@code application/proto})
 * and GET for {@code NO_SIDE_EFFECTS} methods, server-streaming POST ({@code application/connect+json|proto}
 * with envelopes and the end-of-stream frame), error JSON with the spec's HTTP statuses, gzip, timeouts and CORS.
 * Every request is forwarded to the grpc-java services through {@code protocol.bridge}; nothing here implements an
 * RPC or decides a status: {@link io.flyteservices.protocol.connect.ConnectErrors} only renders the one the call
 * ended with, for Connect and for gRPC-Web.
 */
package io.flyteservices.protocol.connect;

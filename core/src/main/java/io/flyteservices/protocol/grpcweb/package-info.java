/**
 * gRPC-Web on the Micronaut HTTP port ({@code application/grpc-web}, {@code +proto}, {@code +json} and the base64
 * {@code application/grpc-web-text}): length-prefixed frames in, frames and the trailer frame ({@code 0x80}
 * carrying {@code grpc-status}, the percent-encoded {@code grpc-message} and trailers) out, for unary and
 * server-streaming calls. Calls go to the grpc-java services through {@code protocol.bridge}; framing, gzip and
 * CORS are shared with {@code protocol.connect}. Nothing here decides a status.
 */
package io.flyteservices.protocol.grpcweb;

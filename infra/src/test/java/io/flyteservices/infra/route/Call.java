package io.flyteservices.infra.route;

/**
 * One request as a router sees it: the RPC's path ({@code /<package>.<Service>/<Method>}) and the content-type its
 * protocol sends (none for a Connect GET).
 */
record Call(String path, String contentType, Protocol protocol) {

    /** How a client reaches an RPC, and the content-types each way sends. */
    enum Protocol {
        GRPC("application/grpc", "application/grpc+proto"),
        GRPC_WEB("application/grpc-web", "application/grpc-web+proto", "application/grpc-web+json",
                "application/grpc-web-text"),
        CONNECT_UNARY("application/json", "application/proto"),
        /** Connect's GET form of a unary call: no body, no content-type. */
        CONNECT_GET(""),
        CONNECT_STREAM("application/connect+json", "application/connect+proto");

        final String[] contentTypes;

        Protocol(String... contentTypes) {
            this.contentTypes = contentTypes;
        }

        /** Whether requests of this protocol must reach a native gRPC server (HTTP/2 with trailers). */
        boolean isGrpc() {
            return this == GRPC;
        }
    }

    @Override
    public String toString() {
        return path + " [" + (contentType.isEmpty() ? "GET" : contentType) + "]";
    }
}

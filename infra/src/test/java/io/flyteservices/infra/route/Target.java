package io.flyteservices.infra.route;

/**
 * Where a routed call ends: the workload (its {@code app.kubernetes.io/component} label) and which of its servers,
 * the native gRPC one or the HTTP one (Connect, gRPC-Web).
 */
record Target(String component, boolean grpcServer) {

    @Override
    public String toString() {
        return component + (grpcServer ? " (gRPC server)" : " (HTTP server)");
    }
}

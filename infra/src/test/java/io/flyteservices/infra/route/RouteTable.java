package io.flyteservices.infra.route;

import java.util.Optional;

/** The routing rules of one overlay, read from its rendered objects: where each call goes. */
interface RouteTable {

    /** The workload and server that serve {@code call}; empty when no rule takes it. */
    Optional<Target> route(Call call);

    /** Problems of the rules themselves, whatever the call (a backend no one may reference, a stream timeout). */
    java.util.List<String> problems();
}

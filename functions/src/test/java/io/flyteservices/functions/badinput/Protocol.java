package io.flyteservices.functions.badinput;

/** The ways a client sends a unary request. */
enum Protocol {
    GRPC,
    CONNECT_JSON,
    CONNECT_PROTO;

    /** As written in the cases file. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

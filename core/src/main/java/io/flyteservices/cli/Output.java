package io.flyteservices.cli;

/** How a command prints its result: an aligned table for people, or protobuf JSON for programs. */
enum Output {
    TABLE,
    JSON
}

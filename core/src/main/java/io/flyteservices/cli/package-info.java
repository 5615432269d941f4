/**
 * The command-line client: {@code flyte-services run <create|get|list|watch|abort>} and
 * {@code flyte-services action <get|logs>}. A pure gRPC client of RunService at {@code --server} (picocli for the
 * arguments): it must start fast, so it never touches Micronaut, the database or anything else of the server side.
 * Output is an aligned table by default and protobuf JSON with {@code --output json}; exit codes are in
 * {@link io.flyteservices.cli.ExitCodes}.
 */
package io.flyteservices.cli;

/**
 * The command line entry point: {@code flyte-services <functions|gateway|migrate|all>}. Starts an embedded PostgreSQL
 * for {@code all} when no database is given, applies migrations where the mode calls for it, and starts the
 * Micronaut context with the mode's environment. {@code flyte-services run|action ...} is handed to the
 * command-line client ({@code io.flyteservices.cli}) before any of that.
 */
package io.flyteservices.launcher;

/**
 * The watch gateway deployable: every server-streaming RPC (RunService Watch*, StateService.Watch) and the
 * bidirectional StateService Put/Get. Streams are fed by the change feed ({@code core feed}): one LISTEN
 * connection and an in-memory fan-out, never a database connection per watcher.
 */
package io.flyteservices.gateway;

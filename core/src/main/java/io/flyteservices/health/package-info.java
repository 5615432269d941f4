/** Liveness and readiness endpoints for orchestrators: {@code /healthz} and {@code /readyz}. */
package io.flyteservices.health;

/**
 * A backend that runs nothing ({@code executor.backend: noop}): attempts succeed at once, so benchmarks and tests
 * see the control plane's own cost per action.
 */
package io.flyteservices.executor.backend.noop;

/**
 * The executor deployable: claims queued actions with leases and runs each attempt on a backend, reporting every
 * transition through the status recorder. (Being built: today it holds the backends.)
 */
package io.flyteservices.executor;

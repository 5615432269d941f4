/**
 * The seam between the executor and whatever runs an attempt: {@link io.flyteservices.executor.backend.Backend}
 * starts one attempt of an action from an {@link io.flyteservices.executor.backend.AttemptSpec} and reports
 * {@link io.flyteservices.executor.backend.BackendEvent}s until its
 * {@link io.flyteservices.executor.backend.AttemptOutcome} is known. Backends run processes or pods only: they
 * never touch the database, phases or retries, which belong to the executor and the status recorder.
 */
package io.flyteservices.executor.backend;

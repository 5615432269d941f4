/**
 * The phase rules of actions and attempts, in one place: pure functions and constants, no I/O. Every writer
 * of a phase (run creation, enqueue, abort, the status recorder) decides with {@link PhaseRules}, and the
 * guarded SQL updates bind its constants, so the database enforces the same rules under concurrency.
 */
package io.flyteservices.phase;

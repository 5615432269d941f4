/**
 * The one writer of reported statuses (DESIGN §5): phases, attempts and phase transitions of an action, applied
 * in the caller's transaction after {@code phase.PhaseRules} allowed them, through guarded writes only. It neither
 * opens transactions nor parses what clients send; callers (state puts, later the executor) hand it a
 * {@link io.flyteservices.status.ReportedStatus} and the action row they read.
 */
package io.flyteservices.status;

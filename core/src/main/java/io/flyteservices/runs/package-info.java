/**
 * Runs and their actions as clients see them: creating a run (run row, root action, queue entry and inputs
 * file), reading details and data, and listing with allow-listed filters, sorting and keyset page tokens.
 * Phases are decided by {@code phase.PhaseRules}; SQL lives in {@code store}.
 */
package io.flyteservices.runs;

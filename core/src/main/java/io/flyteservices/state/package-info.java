/**
 * StateService Put and Get (BEHAVIOR StateService): checking and storing the state (NodeStatus JSON) an action's
 * task reports, reading it back, and handing the phase, output URI and error it carries to
 * {@code status.StatusRecorder} in the same transaction. Streams and wire responses belong to the gateway; phase
 * decisions to {@code phase.PhaseRules}.
 */
package io.flyteservices.state;

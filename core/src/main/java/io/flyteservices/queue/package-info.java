/**
 * The queue side of the system as clients drive it: enqueueing actions (with their rows and queue entries in
 * one transaction) and aborting runs or action subtrees. Claiming belongs to the executor.
 */
package io.flyteservices.queue;

/**
 * The change feed (DESIGN §4): committed changes of watched rows, read from the {@code changes} log and handed to
 * one {@link io.flyteservices.feed.ChangeSink} in batches, at least once and never with a hole. NOTIFY on one
 * LISTEN connection only wakes the reader; a poll finds the same changes when notifications are lost. The fan-out
 * to individual streams, with one re-read of each changed entity per batch, also lives here.
 */
package io.flyteservices.feed;

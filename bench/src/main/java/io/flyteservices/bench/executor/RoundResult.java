package io.flyteservices.bench.executor;

import java.util.List;

/**
 * One round's figures: completions per second over the window, what was left of the backlog then (0: it ran dry,
 * the rate is a lower bound), actions that did not succeed, the latencies at the paced rate, and the completion
 * rate sampled over the round ({seconds, actions/s} pairs) for the chart.
 */
public record RoundResult(String backend, int executors, double perSecond, double windowSeconds, long backlogLeft,
                          long failed, double pacedRate, double claimStartP50, double claimStartP99,
                          double toRunningP50, double toRunningP99, double toSucceededP50, double toSucceededP99,
                          List<double[]> timeline) {
}

package io.flyteservices.bench.fanout;

/**
 * The figures of one round (one stream count). Latencies in ms, heap in MiB; CPU in cores (CPU seconds per second):
 * the gateway's, the benchmark JVM's (watching client and writers), and the whole machine's busy time, of which
 * the rest is PostgreSQL and whatever else runs.
 */
public record RoundResult(int streams, int watchActions, int stateWatches, int runs, double updatesPerSecond,
                          double changeRowsPerSecond, double messagesPerSecond, double receivedPercent, double p50,
                          double p99, double max, double watchActionsP99, double stateWatchP99, double liveHeapMiB,
                          double peakHeapMiB, double rssMiB, long collections, double cpuCores,
                          double cpuMsPerThousandMessages, long connections, String connectionsByName,
                          double openSeconds, double benchCpuCores, double machineBusyCores,
                          double machineCores) {
}

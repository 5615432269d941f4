package io.flyteservices.bench.write;

import io.flyteservices.bench.harness.Latencies;
import org.HdrHistogram.Histogram;

/** One measured round: an operation at a concurrency through one client (ours or pgbench). */
public record WriteRow(String op, int concurrency, String client, double perSecond, Histogram latencies,
                       long failures) {

    public double mean() {
        return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getMean() / 1000.0;
    }

    public double p(double percentile) {
        return Latencies.millis(latencies, percentile);
    }
}

/**
 * What every benchmark shares: a PostgreSQL server of its own ({@link BenchPostgres}), the deployables started as
 * separate JVMs ({@link Stack}), a closed-loop load driver ({@link ClosedLoop}), latency histograms
 * ({@link Latencies}), and the report: a table on stdout, a CSV and a PNG chart under {@code bench/results/}
 * ({@link Table}, {@link Chart}).
 */
package io.flyteservices.bench.harness;

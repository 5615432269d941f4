package io.flyteservices.bench;

import io.flyteservices.bench.harness.Flags;
import io.flyteservices.bench.executor.Round;
import io.flyteservices.bench.executor.RoundResult;
import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Chart;
import io.flyteservices.bench.harness.Machine;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.bench.harness.Table;
import io.flyteservices.testkit.LaunchedProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Executor throughput (issue #6 item 5): no-op actions per second end to end (CreateRun's queue entry to
 * SUCCEEDED recorded) with 1 and 2 executor JVMs, on the {@code noop} backend (the control plane alone) and the
 * {@code local} backend running {@code true} (one fork+exec per action). Each round fills a backlog through a
 * functions JVM first, then starts the executors and counts completions in the database over a steady window;
 * then it measures latencies at a fixed rate below that throughput: claim to RUNNING (the executors' histogram),
 * enqueue to RUNNING and to SUCCEEDED (the database's timestamps). Target: 1,000 actions/s.
 */
public final class ExecutorBench {

    static final double TARGET = 1_000;

    public static void main(String[] args) throws Exception {
        Flags o = new Flags("bin/bench executor [options]: executor throughput and claim-to-start latency")
                .define("backends", "noop,local", "backends to measure (noop, local)")
                .define("executors", "1,2", "executor JVM counts to measure")
                .define("noop-backlog", "24000", "runs queued before a noop round starts")
                .define("local-backlog", "3000", "runs queued before a local round starts")
                .define("warmup", "4", "seconds after the first completion before measuring")
                .define("window", "12", "seconds of the measured window")
                .define("latency-seconds", "8", "seconds of paced load for the latency figures")
                .define("latency-fraction", "0.5", "paced rate as a fraction of the round's measured throughput")
                .define("create-concurrency", "32", "CreateRun callers filling the backlog")
                .define("executor-env", "", "K=V,K=V added to every executor's environment (tuning)")
                .define("name", "executor", "results file names: <name>.csv, <name>-latency.csv, <name>.png");
        if (!o.parse(args)) {
            return;
        }
        try (BenchPostgres pg = BenchPostgres.start(); Stack stack = new Stack(pg)) {
            System.out.println("executor benchmark on " + Machine.describe(pg));
            LaunchedProcess functions = stack.functions(Map.of("QUEUE_MAX_QUEUE_SIZE", "10000000"), "-Xmx768m");
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", functions.grpcPort())
                    .usePlaintext().build();
            List<RoundResult> results = new ArrayList<>();
            try {
                for (String backend : o.list("backends")) {
                    for (String count : o.list("executors")) {
                        Round round = new Round(pg, channel, backend, Integer.parseInt(count), o);
                        results.add(round.run());
                    }
                }
            } finally {
                channel.shutdownNow();
            }
            report(o.string("name"), results);
        }
    }

    private static void report(String name, List<RoundResult> results) {
        Table throughput = new Table(name, "backend", "executors", "actions/s", "vs 1000/s target",
                "2 / 1 executors", "window s", "backlog left", "failed");
        Table latency = new Table(name + "-latency", "backend", "executors", "paced runs/s",
                "claim->start p50 ms", "claim->start p99 ms", "enqueue->running p50 ms", "enqueue->running p99 ms",
                "enqueue->succeeded p50 ms", "enqueue->succeeded p99 ms");
        Chart bars = Chart.of("Executor throughput (target " + (int) TARGET + " actions/s)", "backend",
                "actions/s");
        Chart timeline = Chart.of("Completions per second over each round", "seconds since the first completion",
                "actions/s");
        for (RoundResult r : results) {
            RoundResult single = results.stream()
                    .filter(s -> s.backend().equals(r.backend()) && s.executors() == 1).findFirst().orElse(null);
            String scaling = r.executors() == 1 || single == null ? "-"
                    : String.format(java.util.Locale.ROOT, "%.2fx", r.perSecond() / single.perSecond());
            throughput.add(r.backend(), r.executors(), r.perSecond(),
                    String.format(java.util.Locale.ROOT, "%.0f%%", 100 * r.perSecond() / TARGET), scaling,
                    r.windowSeconds(), r.backlogLeft() > 0 ? Long.toString(r.backlogLeft()) : "0 (drained: lower bound)",
                    r.failed());
            latency.add(r.backend(), r.executors(), r.pacedRate(), r.claimStartP50(), r.claimStartP99(),
                    r.toRunningP50(), r.toRunningP99(), r.toSucceededP50(), r.toSucceededP99());
            bars.bar(r.executors() + " executor" + (r.executors() > 1 ? "s" : ""), r.backend(), r.perSecond());
            bars.bar("target", r.backend(), TARGET);
            String series = r.backend() + " x" + r.executors();
            r.timeline().forEach(p -> timeline.point(series, p[0], p[1]));
        }
        throughput.report();
        latency.report();
        bars.write(name);
        timeline.write(name + "-timeline");
        System.out.println();
        System.out.print(throughput.markdown());
        System.out.println();
        System.out.print(latency.markdown());
    }
}

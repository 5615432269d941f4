package io.flyteservices.bench;

import io.flyteservices.bench.fanout.FanOutOptions;
import io.flyteservices.bench.fanout.FanOutRound;
import io.flyteservices.bench.fanout.RoundResult;
import io.flyteservices.bench.fanout.RunSetup;
import io.flyteservices.bench.fanout.StatusDriver;
import io.flyteservices.bench.fanout.WatchedRun;
import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Chart;
import io.flyteservices.bench.harness.Machine;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.bench.harness.Table;
import io.flyteservices.testkit.LaunchedProcess;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watch fan-out (issue #6 item 4): 1k, 5k and 10k concurrent streams on one gateway JVM, half WatchActions and
 * half StateService.Watch, while status updates are written at a fixed rate; update-to-client latency, the
 * gateway's heap, CPU and database connections. Targets at 10k streams: p99 <= 100 ms, heap <= 1 GiB, a fixed
 * number of database connections.
 */
public final class FanOutBench {

    static final double P99_TARGET_MS = 100;
    static final double HEAP_TARGET_MIB = 1024;

    private FanOutBench() {
    }

    public static void main(String[] args) throws Exception {
        FanOutOptions options = FanOutOptions.parse(args);
        if (options == null) {
            return;
        }
        try (BenchPostgres postgres = BenchPostgres.start(); Stack stack = new Stack(postgres)) {
            // The probe's own queries go by the writers' name, so they are not counted as the gateway's.
            if (postgres.dataSource() instanceof PGSimpleDataSource named) {
                named.setApplicationName(StatusDriver.APPLICATION_NAME);
            }
            System.out.println("fan-out benchmark: " + Machine.describe(postgres));
            System.out.printf("streams %s (per run: %d WatchActions + %d StateService.Watch), %d status updates/s, "
                            + "warm-up %ds, measured %ds, gateway -Xmx%s, %d gRPC connections%n", options.streams(),
                    options.watchActionsPerRun(), options.parentsPerRun(), options.rate(),
                    options.warmUp().toSeconds(), options.duration().toSeconds(), options.gatewayXmx(),
                    options.channels());

            int runCount = options.runsFor(options.maxStreams());
            long setupStart = System.nanoTime();
            List<WatchedRun> runs;
            // Every action created waits in the queue (no executor runs); the capacity check counts the pending
            // entries up to this bound on every enqueue, so it is set just above what the set-up needs.
            int actions = runCount * (1 + options.parentsPerRun() * (1 + options.leavesPerParent()));
            LaunchedProcess functions = stack.functions(Map.of("QUEUE_MAX_QUEUE_SIZE",
                    String.valueOf(actions + 1000)));
            try {
                runs = RunSetup.create(functions.grpcPort(), runCount, options);
            } finally {
                functions.close(); // only the gateway and the benchmark touch the database from here on
            }
            // Fresh statistics for the tables just filled, as autovacuum would have them by the time a real
            // database holds this many actions (otherwise the first round measures plans made for empty tables).
            postgres.execute("ANALYZE");
            System.out.printf("set up %d runs of %d actions each through CreateRun/EnqueueAction in %.1fs%n",
                    runs.size(), 1 + options.parentsPerRun() * (1 + options.leavesPerParent()),
                    (System.nanoTime() - setupStart) / 1e9);

            List<RoundResult> results = new ArrayList<>();
            for (int streams : options.streams()) {
                results.add(FanOutRound.run(postgres, stack, options, runs.subList(0, options.runsFor(streams))));
            }
            report(results);
        }
    }

    private static void report(List<RoundResult> results) {
        Table latency = new Table("fanout", "streams", "WatchActions", "State.Watch", "runs", "updates/s",
                "change rows/s", "msgs/s", "received %", "p50 ms", "p99 ms", "max ms", "WA p99 ms", "SW p99 ms",
                "p99 / target");
        Table cost = new Table("fanout-gateway", "streams", "heap live MiB", "heap peak MiB", "heap peak / 1 GiB",
                "RSS MiB", "GCs", "CPU cores", "bench CPU", "machine busy", "DB conns", "DB conns by name", "open s");
        Chart latencyChart = Chart.of("Watch fan-out: update to client latency", "concurrent streams", "ms");
        Chart heapChart = Chart.of("Watch fan-out: gateway heap", "concurrent streams", "MiB");
        for (RoundResult r : results) {
            latency.add(r.streams(), r.watchActions(), r.stateWatches(), r.runs(), r.updatesPerSecond(),
                    r.changeRowsPerSecond(), r.messagesPerSecond(), r.receivedPercent(), r.p50(), r.p99(),
                    r.max(), r.watchActionsP99(), r.stateWatchP99(), r.p99() / P99_TARGET_MS);
            cost.add(r.streams(), r.liveHeapMiB(), r.peakHeapMiB(), r.peakHeapMiB() / HEAP_TARGET_MIB, r.rssMiB(),
                    r.collections(), r.cpuCores(), r.benchCpuCores(),
                    String.format(java.util.Locale.ROOT, "%.2f of %.0f", r.machineBusyCores(), r.machineCores()),
                    r.connections(),
                    r.connectionsByName(), r.openSeconds());
            latencyChart.point("p50", r.streams(), r.p50()).point("p99", r.streams(), r.p99())
                    .point("p99 target", r.streams(), P99_TARGET_MS);
            heapChart.point("live (after full GC)", r.streams(), r.liveHeapMiB())
                    .point("peak (before a GC)", r.streams(), r.peakHeapMiB())
                    .point("target", r.streams(), HEAP_TARGET_MIB);
        }
        latency.report();
        cost.report();
        latencyChart.write("fanout-latency");
        heapChart.write("fanout-heap");
        System.out.println();
        System.out.println("Markdown:");
        System.out.println(latency.markdown());
        System.out.println(cost.markdown());
        RoundResult last = results.getLast();
        System.out.printf("at %d streams: p99 %.1f ms (target <= %.0f ms: %s), peak heap %.0f MiB (target <= %.0f MiB:"
                        + " %s), %d database connections (fixed: pool + LISTEN)%n", last.streams(), last.p99(),
                P99_TARGET_MS, last.p99() <= P99_TARGET_MS ? "holds" : "does not hold", last.peakHeapMiB(),
                HEAP_TARGET_MIB, last.peakHeapMiB() <= HEAP_TARGET_MIB ? "holds" : "does not hold",
                last.connections());
    }
}

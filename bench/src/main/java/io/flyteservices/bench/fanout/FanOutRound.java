package io.flyteservices.bench.fanout;

import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Latencies;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.testkit.LaunchedProcess;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One round: a fresh gateway JVM, every stream opened (and its snapshot received), status updates written at the
 * rate for a warm-up and a measured window, then the gateway's heap, CPU and connections read while the streams
 * are still open.
 */
public final class FanOutRound {

    private FanOutRound() {
    }

    public static RoundResult run(BenchPostgres postgres, Stack stack, FanOutOptions options, List<WatchedRun> runs)
            throws Exception {
        Path gcLog = Files.createTempFile("flyte-bench-gateway-gc", ".log");
        List<String> jvmOptions = new ArrayList<>(GatewayProbe.jvmOptions(options.gatewayXmx(), gcLog));
        jvmOptions.addAll(options.gatewayOptions());
        LaunchedProcess gateway = stack.gateway(Map.of(), jvmOptions.toArray(String[]::new));
        GatewayProbe probe = new GatewayProbe(gateway.process().pid(), gcLog);
        WriteLog log = new WriteLog();
        try (StreamClients clients = new StreamClients(gateway.grpcPort(), options.channels(), log);
             StatusDriver driver = new StatusDriver(postgres.jdbcUrl(), options.writers(), log)) {
            long openStart = System.nanoTime();
            clients.open(runs, options.watchActionsPerRun(), options.openConcurrency());
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            int streams = clients.opened();
            System.out.printf("%n%d streams open on %d runs in %.1fs; writing %d updates/s%n", streams, runs.size(),
                    openSeconds, options.rate());

            driver.start(runs, options.rate());
            Thread.sleep(options.warmUp());
            AtomicLong maxConnections = new AtomicLong();
            String[] byName = {""};
            Thread sampler = Thread.ofPlatform().daemon(true).start(() -> sampleConnections(postgres, maxConnections,
                    byName));
            clients.measure(true);
            long writes0 = driver.done();
            long rows0 = GatewayProbe.changeRows(postgres);
            long messages0 = clients.messages();
            double cpu0 = probe.cpuSeconds();
            double bench0 = GatewayProbe.benchCpuSeconds();
            double[] machine0 = GatewayProbe.machineCpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep(options.duration());
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = probe.cpuSeconds() - cpu0;
            double benchCpu = GatewayProbe.benchCpuSeconds() - bench0;
            double[] machine = GatewayProbe.machineCpuSeconds();
            double machineBusy = machine[0] - machine0[0];
            double machineCores = (machine[1] - machine0[1]) / elapsed;
            long writes = driver.done() - writes0;
            long rows = GatewayProbe.changeRows(postgres) - rows0;
            long messages = clients.messages() - messages0;
            long matched = clients.matched();
            clients.measure(false);
            sampler.interrupt();
            sampler.join();
            Histogram all = clients.all.snapshot();
            double p99WatchActions = Latencies.millis(clients.watchActions.snapshot(), 99);
            double p99StateWatch = Latencies.millis(clients.stateWatch.snapshot(), 99);

            double peakHeap = probe.peakHeapMiB();
            long collections = probe.collections();
            double rss = probe.rssMiB();
            double liveHeap = probe.liveHeapMiB();
            driver.stop();
            if (driver.failed() > 0 || driver.ignored() > 0 || clients.errors() > 0) {
                System.out.printf("warning: %d writes failed (first: %s), %d ignored, %d streams ended with an error"
                                + " (first: %s)%n", driver.failed(), driver.firstFailure(), driver.ignored(),
                        clients.errors(), clients.firstError());
            }
            int perRunWatchers = options.watchActionsPerRun() + 1; // every WatchActions of the run + the parent's Watch
            double expected = (double) writes * perRunWatchers;
            RoundResult result = new RoundResult(streams, runs.size() * options.watchActionsPerRun(),
                    runs.size() * options.parentsPerRun(), runs.size(), writes / elapsed, rows / elapsed,
                    messages / elapsed, expected == 0 ? Double.NaN : 100.0 * matched / expected,
                    Latencies.millis(all, 50), Latencies.millis(all, 99), all.getMaxValue() / 1000.0,
                    p99WatchActions, p99StateWatch, liveHeap, Math.max(peakHeap, liveHeap), rss, collections,
                    cpu / elapsed, messages == 0 ? Double.NaN : cpu * 1000 / (messages / 1000.0),
                    maxConnections.get(), byName[0], openSeconds, benchCpu / elapsed, machineBusy / elapsed,
                    machineCores);
            System.out.printf("  %.0f updates/s, %.0f msgs/s, p50 %.1f ms, p99 %.1f ms, heap live %.0f MiB peak %.0f"
                            + " MiB, CPU %.2f cores (bench %.2f, machine busy %.2f of %.0f), %d DB connections (%s)%n", result.updatesPerSecond(),
                    result.messagesPerSecond(), result.p50(), result.p99(), result.liveHeapMiB(),
                    result.peakHeapMiB(), result.cpuCores(), result.benchCpuCores(), result.machineBusyCores(),
                    result.machineCores(), result.connections(), result.connectionsByName());
            return result;
        } finally {
            gateway.close();
            Files.deleteIfExists(gcLog);
        }
    }

    /** Samples the gateway's connections every second until interrupted, keeping the most seen. */
    private static void sampleConnections(BenchPostgres postgres, AtomicLong max, String[] byName) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Long> now = GatewayProbe.connections(postgres);
                long total = now.values().stream().mapToLong(Long::longValue).sum();
                if (total >= max.get()) {
                    max.set(total);
                    byName[0] = now.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining("; "));
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            byName[0] = "sampling failed: " + e.getMessage();
        }
    }
}

package io.flyteservices.bench.executor;

import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Flags;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.testkit.LaunchedProcess;
import io.grpc.ManagedChannel;
import org.HdrHistogram.DoubleHistogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One measured configuration (a backend, a number of executor JVMs): empty database, backlog filled through
 * CreateRun with no executor running, executors started, completions counted over a steady window, then the
 * backlog's unclaimed rest withdrawn and runs created at a fixed rate for the latency figures.
 */
public final class Round {

    private static final Duration SAMPLE = Duration.ofMillis(500);

    private final BenchPostgres pg;
    private final ManagedChannel channel;
    private final String backend;
    private final int executors;
    private final Flags o;
    private final Progress progress;

    public Round(BenchPostgres pg, ManagedChannel channel, String backend, int executors, Flags o) {
        this.pg = pg;
        this.channel = channel;
        this.backend = backend;
        this.executors = executors;
        this.o = o;
        this.progress = new Progress(pg.dataSource());
    }

    public RoundResult run() throws Exception {
        String label = backend + " x" + executors;
        progress.reset();
        Load load = new Load(channel);
        long backlog = o.integer(backend.equals("noop") ? "noop-backlog" : "local-backlog");
        Duration filled = load.backlog(new RunFactory("b" + executors + backend.charAt(0)), backlog,
                o.integer("create-concurrency"));
        System.out.printf(Locale.ROOT, "%n[%s] backlog of %d runs created in %.1f s (%.0f CreateRun/s)%n", label,
                backlog, filled.toNanos() / 1e9, backlog / (filled.toNanos() / 1e9));

        Path work = Files.createTempDirectory("flyte-bench-executor");
        try (Stack stack = new Stack(pg)) {
            Map<String, String> env = new HashMap<>(Map.of("EXECUTOR_BACKEND", backend,
                    "EXECUTOR_WORK_DIR", work.toString()));
            env.putAll(o.pairs("executor-env"));
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < executors; i++) {
                ports.add(stack.executor(env, "-Xmx512m").httpPort());
            }
            // Throughput: the backlog keeps every executor busy; sample completions until the window ends.
            List<double[]> timeline = new ArrayList<>();
            long firstAt = awaitFirstCompletion();
            long previous = progress.succeeded();
            long previousAt = System.nanoTime();
            long warmEnd = firstAt + Duration.ofSeconds(o.integer("warmup")).toNanos();
            long windowEnd = warmEnd + Duration.ofSeconds(o.integer("window")).toNanos();
            long startCount = -1;
            long startAt = 0;
            while (true) {
                Thread.sleep(SAMPLE);
                long now = System.nanoTime();
                long done = progress.succeeded();
                timeline.add(new double[] {(now - firstAt) / 1e9, (done - previous) / ((now - previousAt) / 1e9)});
                previous = done;
                previousAt = now;
                if (startCount < 0 && now >= warmEnd) {
                    startCount = done;
                    startAt = now;
                }
                if (now >= windowEnd) {
                    break;
                }
            }
            double seconds = (previousAt - startAt) / 1e9;
            double perSecond = (previous - startCount) / seconds;
            long left = progress.queued();
            long failed = progress.failed();
            System.out.printf(Locale.ROOT, "[%s] %.0f actions/s over %.1f s; %d queue entries left, %d failed%n",
                    label, perSecond, seconds, left, failed);

            // Latency: withdraw what is left of the backlog, let the running attempts end, then pace new runs.
            pg.execute("DELETE FROM queued_actions WHERE claimed_by IS NULL");
            awaitQueueEmpty();
            double rate = Math.max(1, Math.round(perSecond * o.number("latency-fraction")));
            ClaimToStart claims = new ClaimToStart();
            TreeMap<Double, Double> before = claims.scrape(ports);
            String prefix = "l" + executors + backend.charAt(0);
            load.paced(new RunFactory(prefix), rate, Duration.ofSeconds(o.integer("latency-seconds")));
            awaitFinished(prefix);
            TreeMap<Double, Double> after = claims.scrape(ports);
            DoubleHistogram toRunning = new DoubleHistogram(3);
            DoubleHistogram toSucceeded = new DoubleHistogram(3);
            for (Progress.Latency l : progress.latencies(prefix)) {
                toRunning.recordValue(Math.max(0.001, l.toRunningMs()));
                toSucceeded.recordValue(Math.max(0.001, l.toSucceededMs()));
            }
            System.out.printf(Locale.ROOT, "[%s] paced %.0f runs/s: enqueue->succeeded p50 %.1f ms p99 %.1f ms%n",
                    label, rate, toSucceeded.getValueAtPercentile(50), toSucceeded.getValueAtPercentile(99));
            return new RoundResult(backend, executors, perSecond, seconds, left, progress.failed(),
                    rate, ClaimToStart.percentileMillis(before, after, 50),
                    ClaimToStart.percentileMillis(before, after, 99), toRunning.getValueAtPercentile(50),
                    toRunning.getValueAtPercentile(99), toSucceeded.getValueAtPercentile(50),
                    toSucceeded.getValueAtPercentile(99), timeline);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private long awaitFirstCompletion() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (progress.succeeded() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no action succeeded within 60 s of the executors starting");
            }
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    private void awaitQueueEmpty() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (progress.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void awaitFinished(String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (progress.unfinished(prefix) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("paced runs still unfinished after 120 s");
            }
            Thread.sleep(100);
        }
    }
}

package io.flyteservices.bench;

import flyteidl2.common.ProjectIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Chart;
import io.flyteservices.bench.harness.ClosedLoop;
import io.flyteservices.bench.harness.Machine;
import io.flyteservices.bench.harness.Results;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.bench.harness.Table;
import io.flyteservices.bench.read.ListRunsPlans;
import io.flyteservices.bench.read.ReadQueries;
import io.flyteservices.bench.read.RunSeeder;
import io.flyteservices.bench.harness.Flags;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.LaunchedProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench read}: seeds runs (100k by default) and measures GetRunDetails and ListRuns (filters, org scope,
 * token paging) over gRPC at a few concurrencies against a functions JVM, with EXPLAIN ANALYZE of the ListRuns
 * statements. Target: ListRuns p99 <= 20 ms at 100k runs.
 */
public final class ReadBench {

    static final double TARGET_P99_MS = 20;

    private ReadBench() {
    }

    public static void main(String[] args) throws Exception {
        Flags options = new Flags("""
                bin/bench read [options]: GetRunDetails and ListRuns over gRPC against a functions JVM with N seeded
                runs (target: ListRuns p99 <= 20 ms at 100k runs), and EXPLAIN ANALYZE of the ListRuns statements.""")
                .define("runs", "100000", "runs to seed")
                .define("concurrency", "1,16,64", "closed-loop clients per round (comma-separated)")
                .define("duration", "5s", "measured time per round")
                .define("warmup", "2s", "unmeasured time before each round")
                .define("pool", "", "functions' connection pool size; empty keeps application.yml's")
                .define("name", "read", "results name: bench/results/<name>.csv, <name>-explain.txt, charts");
        if (!options.parse(args)) {
            return;
        }
        String name = options.string("name");
        int seeded = options.integer("runs");
        Path storage = Files.createTempDirectory("flyte-bench-storage");
        try (BenchPostgres postgres = BenchPostgres.start(); Stack stack = new Stack(postgres)) {
            System.out.println("read benchmark on " + Machine.describe(postgres));
            System.out.println("The gRPC client runs in this JVM on the same cores as functions and PostgreSQL.");
            Map<String, String> env = new java.util.HashMap<>(Map.of("RUNS_STORAGE_PREFIX", storage.toUri().toString()));
            if (!options.string("pool").isEmpty()) {
                env.put("DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", options.string("pool"));
            }
            LaunchedProcess functions = stack.functions(env);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", functions.grpcPort()).usePlaintext()
                    .build();
            try {
                RunServiceGrpc.RunServiceBlockingStub runs = RunServiceGrpc.newBlockingStub(channel);
                long started = System.nanoTime();
                runs.createRun(CreateRunRequest.newBuilder()
                        .setProjectId(ProjectIdentifier.newBuilder().setOrganization("").setName("template")
                                .setDomain("development"))
                        .setTaskSpec(Fixtures.taskSpec("hello")).setInputs(Fixtures.inputs("name", "world")).build());
                RunSeeder.seed(postgres, templateRun(postgres), seeded);
                System.out.printf("seeded %,d runs in %.1f s%n", seeded, (System.nanoTime() - started) / 1e9);

                List<ListRunsPlans.Plan> plans = ListRunsPlans.explain(postgres);
                StringBuilder explain = new StringBuilder();
                Table planTable = new Table(name + "-plans", "query", "scan", "rows removed by filter",
                        "execution ms");
                for (ListRunsPlans.Plan p : plans) {
                    explain.append("-- ").append(p.shape()).append('\n').append(p.sql()).append(";\n")
                            .append(String.join("\n", p.lines())).append("\n\n");
                    planTable.add(p.shape(), p.scan(), p.rowsRemoved(), p.executionMillis());
                }
                Files.writeString(Results.dir().resolve(name + "-explain.txt"), explain);
                planTable.report();
                System.out.print(planTable.markdown());

                List<Integer> concurrencies = options.integers("concurrency");
                int maxWorkers = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
                Duration warmUp = options.duration("warmup");
                Duration duration = options.duration("duration");
                Table table = new Table(name, "query", "concurrency", "calls/s", "p50 ms", "p95 ms", "p99 ms",
                        "failed", "target p99 <= 20 ms");
                Chart chart = Chart.of("ListRuns and GetRunDetails p99 at " + String.format("%,d", seeded) + " runs",
                        "concurrency", "p99 ms").logX();
                for (ReadQueries.Named q : ReadQueries.all(runs, seeded, maxWorkers)) {
                    for (int c : concurrencies) {
                        ClosedLoop.Result r = ClosedLoop.run(c, warmUp, duration,
                                (w, s) -> q.operation().call(w, s));
                        if (r.firstFailure() != null) {
                            System.out.println("  " + q.name() + " c=" + c + ": first failure " + r.firstFailure());
                        }
                        boolean list = q.name().startsWith("ListRuns");
                        table.add(q.name(), c, r.perSecond(), r.p50(), r.p95(), r.p99(), r.failures(),
                                list ? (r.p99() <= TARGET_P99_MS ? "holds" : "no") : "-");
                        chart.point(q.name(), c, r.p99());
                        System.out.printf("  %-44s c=%-3d %8.0f/s  p50 %6.2f ms  p99 %7.2f ms%n", q.name(), c,
                                r.perSecond(), r.p50(), r.p99());
                    }
                }
                table.report();
                System.out.print(table.markdown());
                chart.write(name + "-p99");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static long templateRun(BenchPostgres postgres) throws java.sql.SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM runs WHERE project = 'template'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.flyteservices.bench;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Checkout;
import io.flyteservices.bench.harness.ClosedLoop;
import io.flyteservices.bench.harness.Machine;
import io.flyteservices.bench.harness.Stack;
import io.flyteservices.bench.write.ConnectWriteClient;
import io.flyteservices.bench.write.GrpcWriteClient;
import io.flyteservices.bench.harness.Flags;
import io.flyteservices.bench.write.PgbenchRound;
import io.flyteservices.bench.write.PgbenchVariables;
import io.flyteservices.bench.write.WriteClient;
import io.flyteservices.bench.write.WriteReport;
import io.flyteservices.bench.write.WriteRequests;
import io.flyteservices.bench.write.WriteRow;
import io.flyteservices.testkit.LaunchedProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench write}: CreateRun and EnqueueAction throughput and latency at several concurrencies, over gRPC
 * and Connect, against a functions JVM; in the same run, on the same database, pgbench with a script of the same
 * inserts (bench/pgbench/createrun.sql, enqueue.sql) at the same concurrencies. Reports ours / pgbench.
 */
public final class WriteBench {

    static final String CREATE = "create";
    static final String ENQUEUE = "enqueue";

    private final Flags options;
    private final BenchPostgres postgres;
    private final Duration warmUp;
    private final Duration duration;

    private WriteBench(Flags options, BenchPostgres postgres) {
        this.options = options;
        this.postgres = postgres;
        this.warmUp = options.duration("warmup");
        this.duration = options.duration("duration");
    }

    public static void main(String[] args) throws Exception {
        Flags options = new Flags("""
                bin/bench write [options]: CreateRun and EnqueueAction against a functions JVM, over gRPC and Connect,
                beside pgbench running the same inserts on the same database (ours / pgbench, target >= 60%).""")
                .define("concurrency", "1,16,64,256", "closed-loop clients per round (comma-separated)")
                .define("duration", "8s", "measured time per round (pgbench: -T)")
                .define("warmup", "2s", "unmeasured time before each of our rounds")
                .define("protocols", "grpc,connect-proto", "grpc, connect-proto, connect-json")
                .define("ops", "create,enqueue", "create (CreateRun), enqueue (EnqueueAction)")
                .define("pgbench", "true", "run pgbench with the same inserts at each concurrency")
                .define("pool", "", "functions' connection pool size (DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE); "
                        + "empty keeps application.yml's")
                .define("max-queue-size", "10000000", "queue.maxQueueSize of functions: no executor drains the "
                        + "queue here, so it must hold every round's entries")
                .define("jvm", "", "extra JVM options for functions (space-separated)")
                .define("name", "write", "results name: bench/results/<name>.csv, <name>-summary.csv, charts");
        if (!options.parse(args)) {
            return;
        }
        Path storage = Files.createTempDirectory("flyte-bench-storage");
        try (BenchPostgres postgres = BenchPostgres.start(); Stack stack = new Stack(postgres)) {
            System.out.println("write benchmark on " + Machine.describe(postgres));
            System.out.println("The load generator (gRPC/HTTP clients, virtual threads) runs in this JVM on the same "
                    + "cores as functions and PostgreSQL; pgbench's client runs there too.");
            Map<String, String> env = new HashMap<>(Map.of(
                    "RUNS_STORAGE_PREFIX", storage.toUri().toString(),
                    "QUEUE_MAX_QUEUE_SIZE", options.string("max-queue-size")));
            if (!options.string("pool").isEmpty()) {
                env.put("DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", options.string("pool"));
            }
            String jvm = options.string("jvm").trim();
            LaunchedProcess functions = stack.functions(env, jvm.isEmpty() ? new String[0] : jvm.split("\\s+"));
            List<WriteClient> clients = new ArrayList<>();
            for (String protocol : options.list("protocols")) {
                clients.add(switch (protocol) {
                    case "grpc" -> new GrpcWriteClient(functions.grpcPort());
                    case "connect-proto" -> new ConnectWriteClient(functions.httpPort(), false);
                    case "connect-json" -> new ConnectWriteClient(functions.httpPort(), true);
                    default -> throw new IllegalArgumentException("unknown protocol " + protocol);
                });
            }
            try {
                new WriteBench(options, postgres).run(clients);
            } finally {
                clients.forEach(WriteClient::close);
            }
        }
    }

    private void run(List<WriteClient> clients) throws Exception {
        List<WriteRow> rows = new ArrayList<>();
        for (String op : options.list("ops")) {
            for (int concurrency : options.integers("concurrency")) {
                for (WriteClient client : clients) {
                    reset();
                    rows.add(report(op.equals(CREATE) ? createRuns(client, concurrency)
                            : enqueueActions(client, concurrency)));
                }
                if (options.bool("pgbench")) {
                    reset();
                    rows.add(report(pgbench(op, clients.getFirst(), concurrency)));
                }
            }
        }
        reset();
        new WriteReport(options.string("name"), rows).write();
    }

    private WriteRow createRuns(WriteClient client, int concurrency) throws InterruptedException {
        CreateRunRequest request = WriteRequests.createRun();
        ClosedLoop.Result r = ClosedLoop.run(concurrency, warmUp, duration, (w, s) -> client.createRun(request));
        return row(CREATE, client.protocol(), r);
    }

    private WriteRow enqueueActions(WriteClient client, int concurrency) throws InterruptedException {
        List<RunIdentifier> runs = parents(client, concurrency);
        ClosedLoop.Result r = ClosedLoop.run(concurrency, warmUp, duration,
                (w, s) -> client.enqueueAction(WriteRequests.enqueue(runs.get(w), "e" + s)));
        return row(ENQUEUE, client.protocol(), r);
    }

    /** A run per client to enqueue under, so clients do not contend on one root action's lock. */
    private static List<RunIdentifier> parents(WriteClient client, int count) {
        List<RunIdentifier> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(client.createRun(WriteRequests.createRun()).getRun().getAction().getId().getRun());
        }
        return runs;
    }

    private WriteRow pgbench(String op, WriteClient client, int concurrency) throws Exception {
        Map<String, String> variables;
        Path script;
        if (op.equals(CREATE)) {
            RunIdentifier run = client.createRun(WriteRequests.createRun()).getRun().getAction().getId().getRun();
            variables = PgbenchVariables.ofRun(postgres, runId(run));
            script = Checkout.root().resolve("bench/pgbench/createrun.sql");
        } else {
            List<RunIdentifier> runs = parents(client, concurrency);
            client.enqueueAction(WriteRequests.enqueue(runs.getFirst(), "template"));
            long child = single("SELECT id FROM actions WHERE name = 'template'");
            variables = PgbenchVariables.ofChild(postgres, child, single("SELECT min(id) FROM runs"),
                    single("SELECT max(id) FROM runs"));
            script = Checkout.root().resolve("bench/pgbench/enqueue.sql");
        }
        PgbenchRound.Result r = PgbenchRound.run(postgres, script, variables, concurrency, duration);
        return new WriteRow(op, concurrency, "pgbench", r.tps(), r.latencies(), r.failed());
    }

    private long runId(RunIdentifier run) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE project = ? AND name = ?")) {
            ps.setString(1, run.getProject());
            ps.setString(2, run.getName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long single(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every round starts on empty tables and right after a checkpoint, so no round pays for another's writes. */
    private void reset() throws SQLException {
        postgres.execute("TRUNCATE runs, changes CASCADE");
        postgres.execute("CHECKPOINT");
    }

    private static WriteRow row(String op, String client, ClosedLoop.Result r) {
        if (r.firstFailure() != null) {
            System.out.println("  " + op + " " + client + " c=" + r.concurrency() + ": " + r.failures()
                    + " failed calls, first: " + r.firstFailure());
        }
        return new WriteRow(op, r.concurrency(), client, r.perSecond(), r.latencies(), r.failures());
    }

    private static WriteRow report(WriteRow row) {
        System.out.printf("  %-7s c=%-3d %-13s %8.0f/s  p50 %6.2f ms  p99 %7.2f ms%s%n", row.op(), row.concurrency(),
                row.client(), row.perSecond(), row.p(50), row.p(99),
                row.failures() > 0 ? "  failed " + row.failures() : "");
        return row;
    }
}

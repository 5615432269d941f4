package io.flyteservices.bench.write;

import io.flyteservices.bench.harness.Chart;
import io.flyteservices.bench.harness.Table;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The write benchmark's figures: every round with its ratio to pgbench at the same concurrency, then per operation
 * and protocol the best concurrency against pgbench's best (the target: >= 60%), and a throughput chart per
 * operation.
 */
public final class WriteReport {

    static final double TARGET = 0.60;

    private final String name;
    private final List<WriteRow> rows;

    public WriteReport(String name, List<WriteRow> rows) {
        this.name = name;
        this.rows = rows;
    }

    public void write() {
        Table rounds = new Table(name, "op", "concurrency", "client", "calls/s", "mean ms", "p50 ms", "p95 ms",
                "p99 ms", "failed", "vs pgbench");
        for (WriteRow r : rows) {
            rounds.add(r.op(), r.concurrency(), r.client(), r.perSecond(), r.mean(), r.p(50), r.p(95), r.p(99),
                    r.failures(), r.client().equals("pgbench") ? "-" : ratio(r.perSecond(),
                            pgbench(r.op(), r.concurrency()).map(WriteRow::perSecond)));
        }
        rounds.report();
        System.out.print(rounds.markdown());

        Table summary = new Table(name + "-summary", "op", "client", "best concurrency", "calls/s",
                "pgbench best concurrency", "pgbench tps", "ours / pgbench", "target", "holds");
        for (String op : ops()) {
            Optional<WriteRow> bestPgbench = best(op, "pgbench");
            for (String client : clients(op)) {
                if (client.equals("pgbench")) {
                    continue;
                }
                WriteRow ours = best(op, client).orElseThrow();
                double ratio = bestPgbench.map(p -> ours.perSecond() / p.perSecond()).orElse(Double.NaN);
                summary.add(op, client, ours.concurrency(), ours.perSecond(),
                        bestPgbench.map(p -> (Object) p.concurrency()).orElse("-"),
                        bestPgbench.map(p -> (Object) p.perSecond()).orElse("-"),
                        Double.isNaN(ratio) ? "-" : percent(ratio), ">= 60%",
                        Double.isNaN(ratio) ? "-" : ratio >= TARGET ? "yes" : "no");
            }
        }
        summary.report();
        System.out.print(summary.markdown());

        for (String op : ops()) {
            Chart throughput = Chart.of((op.equals("create") ? "CreateRun" : "EnqueueAction")
                    + " throughput (closed loop)", "concurrency", "calls/s").logX();
            Chart p99 = Chart.of((op.equals("create") ? "CreateRun" : "EnqueueAction") + " p99 latency",
                    "concurrency", "p99 ms").logX();
            rows.stream().filter(r -> r.op().equals(op)).forEach(r -> {
                throughput.point(r.client(), r.concurrency(), r.perSecond());
                p99.point(r.client(), r.concurrency(), r.p(99));
            });
            throughput.write(name + "-" + op);
            p99.write(name + "-" + op + "-p99");
        }
    }

    private Set<String> ops() {
        Set<String> ops = new LinkedHashSet<>();
        rows.forEach(r -> ops.add(r.op()));
        return ops;
    }

    private Set<String> clients(String op) {
        Set<String> clients = new LinkedHashSet<>();
        rows.stream().filter(r -> r.op().equals(op)).forEach(r -> clients.add(r.client()));
        return clients;
    }

    private Optional<WriteRow> pgbench(String op, int concurrency) {
        return rows.stream().filter(r -> r.op().equals(op) && r.client().equals("pgbench")
                && r.concurrency() == concurrency).findFirst();
    }

    private Optional<WriteRow> best(String op, String client) {
        return rows.stream().filter(r -> r.op().equals(op) && r.client().equals(client))
                .max(Comparator.comparingDouble(WriteRow::perSecond));
    }

    private static String ratio(double ours, Optional<Double> pgbench) {
        return pgbench.filter(p -> p > 0).map(p -> percent(ours / p)).orElse("-");
    }

    private static String percent(double ratio) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", ratio * 100);
    }
}

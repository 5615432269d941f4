package io.flyteservices.executor.faults;

import io.flyteservices.testkit.LaunchedProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample of what must stay flat in a soak: each deployable's heap after a full GC (through {@code jcmd}), the
 * database's connections, the change feed's rows, the queue's rows and the dead tuples of every table.
 */
final class SoakSampler {

    private static final Pattern HEAP_USED = Pattern.compile("heap .*used (\\d+)K");

    /** What one sample saw; heap in MiB by process, dead and live tuples by table. */
    record Sample(long atMillis, Map<String, Double> heapMib, int connections, long changeRows, long queuedRows,
                  Map<String, Long> deadTuples, Map<String, Long> liveTuples) {

        long deadTuplesTotal() {
            return deadTuples.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Cluster cluster;
    private final long startedNanos = System.nanoTime();

    SoakSampler(Cluster cluster) {
        this.cluster = cluster;
    }

    Sample sample() throws IOException, InterruptedException, SQLException {
        Map<String, Double> heap = new TreeMap<>();
        for (var p : cluster.processes().entrySet()) {
            heap.put(p.getKey(), heapAfterGcMib(p.getValue()));
        }
        Map<String, Long> dead = new LinkedHashMap<>();
        Map<String, Long> live = new LinkedHashMap<>();
        try (Connection c = cluster.database().connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT relname, n_dead_tup, n_live_tup FROM pg_stat_user_tables"
                    + " WHERE schemaname = 'public' ORDER BY relname")) {
                while (rs.next()) {
                    dead.put(rs.getString(1), rs.getLong(2));
                    live.put(rs.getString(1), rs.getLong(3));
                }
            }
            return new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), heap,
                    (int) count(s, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND pid <> pg_backend_pid()"),
                    count(s, "SELECT count(*) FROM changes"), count(s, "SELECT count(*) FROM queued_actions"),
                    dead, live);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a full GC in the process, then reads its used heap. */
    private static double heapAfterGcMib(LaunchedProcess process) throws IOException, InterruptedException {
        jcmd(process, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(process, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap figure from jcmd for " + process);
        }
        return Long.parseLong(used.group(1)) / 1024.0;
    }

    private static String jcmd(LaunchedProcess process, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(LaunchedProcess.java().resolveSibling("jcmd").toString(),
                String.valueOf(process.process().pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}

package io.flyteservices.bench.fanout;

import io.flyteservices.bench.harness.BenchPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway JVM costs, read from outside it: CPU time from {@code /proc/<pid>/stat} (user + system, in
 * clock ticks), heap from its own GC log ({@code -Xlog:gc}: used before and after every collection, and a full
 * collection forced with {@code jcmd GC.run} to read the live heap), resident memory from
 * {@code /proc/<pid>/status}, and its PostgreSQL connections from {@code pg_stat_activity} (everything on the
 * benchmark's database but the benchmark's own connections).
 */
final class GatewayProbe {

    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final long pid;
    private final Path gcLog;

    GatewayProbe(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** The JVM options that make the gateway write the GC log this probe reads. */
    static String gcLogOption(Path gcLog) {
        return "-Xlog:gc:file=" + gcLog;
    }

    /** CPU seconds (user + system) the process used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    /** CPU seconds (user + system) this benchmark JVM used so far: the watching client and the writers. */
    static double benchCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** Busy and total CPU seconds of the whole machine so far ({@code /proc/stat}; busy = all but idle and iowait). */
    static double[] machineCpuSeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new double[]{(total - idle) / (double) CLOCK_TICKS, total / (double) CLOCK_TICKS};
    }

    /** Resident set size in MiB. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Forces a full collection and returns the heap used after it, in MiB (the live heap). */
    double liveHeapMiB() throws IOException, InterruptedException {
        long before = Files.size(gcLog);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for pid " + pid);
        }
        for (int tries = 0; tries < 50; tries++) {
            String tail = Files.readString(gcLog).substring((int) before);
            for (String line : tail.lines().toList()) {
                Matcher m = HEAP.matcher(line);
                if (line.contains("Pause Full") && m.find()) {
                    return Long.parseLong(m.group(2));
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no full collection in " + gcLog);
    }

    /** The most heap in use at any collection so far (before it collected), in MiB. */
    double peakHeapMiB() throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    /** Collections so far that were not forced by the probe. */
    long collections() throws IOException {
        return Files.readAllLines(gcLog).stream().filter(l -> HEAP.matcher(l).find()).count();
    }

    /** Connections by application name, other than the benchmark's own. */
    static Map<String, Long> connections(BenchPostgres postgres) throws SQLException {
        Map<String, Long> byName = new TreeMap<>();
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT application_name, count(*) FROM pg_stat_activity
                      WHERE datname = current_database() AND pid <> pg_backend_pid()
                        AND backend_type = 'client backend'
                        AND application_name <> '%s'
                      GROUP BY 1""".formatted(StatusDriver.APPLICATION_NAME))) {
            while (r.next()) {
                byName.put(r.getString(1).isEmpty() ? "(unnamed)" : r.getString(1), r.getLong(2));
            }
        }
        return byName;
    }

    /** Rows appended to {@code changes} so far (its sequence's last value). */
    static long changeRows(BenchPostgres postgres) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(last_value, 0) FROM change_seq")) {
            r.next();
            return r.getLong(1);
        }
    }

    static List<String> jvmOptions(String xmx, Path gcLog) {
        return List.of("-Xmx" + xmx, gcLogOption(gcLog));
    }
}

package io.flyteservices.bench.harness;

import java.lang.management.ManagementFactory;

/** What the figures were measured on: printed first by every benchmark and kept beside its CSV. */
public final class Machine {

    private Machine() {
    }

    public static String describe(BenchPostgres postgres) throws java.sql.SQLException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return String.format("%d cores, %.0f GiB, %s %s, JDK %s, PostgreSQL %s",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version(),
                postgres == null ? "-" : postgres.version());
    }
}

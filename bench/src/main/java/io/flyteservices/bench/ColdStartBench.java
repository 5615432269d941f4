package io.flyteservices.bench;

import io.flyteservices.bench.coldstart.ColdStartRun;

/**
 * {@code bin/bench coldstart}: time from process start (fork) to the first served request of {@code functions}
 * (a gRPC GetRunDetails answered NOT_FOUND by a handler that queried the database), median, min and max of
 * {@code --starts} starts, for the plain JVM and each start-up optimisation (AppCDS, the JDK AOT cache, quick
 * compiler, serial collector, smaller class path) and their combinations; also the time to {@code /readyz} and
 * the RSS after the first request. The database is migrated beforehand: functions never migrates.
 */
public final class ColdStartBench {

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        ColdStartRun.Options options;
        try {
            options = ColdStartRun.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("coldstart: " + e.getMessage());
            System.err.print(ColdStartRun.Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(ColdStartRun.Options.USAGE);
            return;
        }
        new ColdStartRun(options).run();
    }
}

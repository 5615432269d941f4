package io.flyteservices.executor.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A fault the suite injects into a running {@link Cluster}. */
enum Fault {
    /** SIGKILL of one of the two executors while it runs attempts; it is started again at once. */
    EXECUTOR_KILL(cluster -> cluster.killAndRestart(Cluster.EXECUTOR)),
    /** SIGKILL of the watch gateway while streams are open; started again at once on the same port. */
    GATEWAY_KILL(cluster -> cluster.killAndRestart(Cluster.GATEWAY)),
    /** SIGKILL of functions while runs are being created; started again at once on the same port. */
    FUNCTIONS_KILL(cluster -> cluster.killAndRestart(Cluster.FUNCTIONS)),
    /** The PostgreSQL server stopped (fast shutdown: every connection dropped) and started again. */
    DATABASE_RESTART(cluster -> cluster.database().restart()),
    /**
     * Every LISTEN connection terminated by the server: the gateway's change feed and each executor's queue wake-ups
     * (found by the application names they set).
     */
    LISTEN_TERMINATE(Fault::terminateListeners);

    /** What injecting a fault does to the cluster. */
    private interface Injection {
        void inject(Cluster cluster) throws Exception;
    }

    private final Injection injection;

    Fault(Injection injection) {
        this.injection = injection;
    }

    void inject(Cluster cluster) throws Exception {
        injection.inject(cluster);
    }

    private static void terminateListeners(Cluster cluster) throws Exception {
        try (Connection c = cluster.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                      WHERE application_name IN ('flyte-change-feed', 'flyte-executor-wakeups')""")) {
            rs.next();
            assertThat(rs.getInt(1)).as("LISTEN connections terminated").isGreaterThanOrEqualTo(1);
        }
    }

    /** The name in figures: {@code executor-kill}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.flyteservices.executor.faults;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fault suite: under a steady load of runs created, executed and watched, each {@link Fault} strikes in turn
 * ({@code faults.rounds} rounds; one in the short form CI runs, three in {@code bin/faults}). After each: no run lost,
 * no completion duplicated, every run in its final phase, every watch (reconnecting) ended having seen it, and the
 * system served again and caught up within the stated limits. Figures go to {@code target/faults/faults.md}.
 */
class FaultSuiteIT {

    private static DatabaseServer database;
    private static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        database = DatabaseServer.start();
        cluster = Cluster.start(database, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void shouldLoseNoCompletionAndRecoverInTimeWhenProcessesAndTheDatabaseFailUnderLoad() throws Exception {
        FaultSettings settings = FaultSettings.fromEnvironment();
        long started = System.nanoTime();
        List<FaultRound.Result> results = new ArrayList<>();
        FigureTable table = new FigureTable("faults", "fault", "round", "fault took", "runs", "lost", "duplicated",
                "wrong phase", "watches incomplete", "create retries", "watch reconnects", "first RPC",
                "watchers caught up");
        for (int round = 1; round <= settings.rounds(); round++) {
            for (Fault fault : settings.faults()) {
                FaultRound.Result r = FaultRound.run(cluster, fault, round, settings.rate());
                results.add(r);
                table.add(fault.label(), round, r.faultTook(), r.outcome().created(), r.outcome().lost().size(),
                        r.outcome().duplicated().size(), r.outcome().wrongPhase().size(),
                        r.incompleteWatches().size(), r.createRetries(),
                        r.watchErrors().values().stream().mapToInt(Integer::intValue).sum(), r.firstRpc(),
                        r.caughtUp());
            }
        }
        table.write(String.format("%d round(s) at %.0f runs/s in %s; limits: first RPC %s, caught up %s.",
                settings.rounds(), settings.rate(), FigureTable.format(Duration.ofNanos(System.nanoTime() - started)),
                FigureTable.format(FaultRound.FIRST_RPC_LIMIT), FigureTable.format(FaultRound.CAUGHT_UP_LIMIT)));

        SoftAssertions soft = new SoftAssertions();
        for (FaultRound.Result r : results) {
            String what = r.fault().label() + " round " + r.round() + " (" + cluster + ")";
            soft.assertThat(r.outcome().created()).as("%s: runs created", what).isPositive();
            soft.assertThat(r.outcome().lost()).as("%s: lost runs", what).isEmpty();
            soft.assertThat(r.outcome().duplicated()).as("%s: duplicated completions", what).isEmpty();
            soft.assertThat(r.outcome().wrongPhase()).as("%s: runs in an unexpected final phase", what).isEmpty();
            soft.assertThat(r.incompleteWatches()).as("%s: watches that missed a final phase", what).isEmpty();
            soft.assertThat(r.createFailures()).as("%s: CreateRun failures other than UNAVAILABLE", what).isEmpty();
            soft.assertThat(r.unexpectedWatchErrors()).as("%s: watch errors other than a lost connection", what).isEmpty();
            soft.assertThat(r.recoveredInTime()).as("%s: first RPC %s, caught up %s", what, r.firstRpc(),
                    r.caughtUp()).isTrue();
        }
        soft.assertAll();
    }
}

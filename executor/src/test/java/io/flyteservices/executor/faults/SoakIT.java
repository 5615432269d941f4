package io.flyteservices.executor.faults;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The soak ({@code bin/faults}: 10 minutes; skipped unless {@code faults.soak} is set): mixed load — runs created,
 * executed and watched, lists, reads, aborts — against the deployables in their own JVMs. After a warm-up, samples
 * every {@code faults.sample-every} must stay flat from the first third to the last: each heap after GC, the
 * database's connections, the change feed's rows (pruned; its retention is shortened to 30 s here), the queue's, and
 * the dead tuples of all tables (vacuumed). Every run must end as expected, every watch must see it. Figures go to
 * {@code target/faults/soak.md}.
 */
@EnabledIf("soakRequested")
class SoakIT {

    static boolean soakRequested() {
        return !FaultSettings.fromEnvironment().soak().isZero();
    }

    @Test
    void shouldKeepHeapConnectionsAndTablesFlatUnderMixedLoad() throws Exception {
        FaultSettings settings = FaultSettings.fromEnvironment();
        Duration warmUp = settings.soak().dividedBy(5).compareTo(Duration.ofMinutes(2)) > 0
                ? Duration.ofMinutes(2) : settings.soak().dividedBy(5);
        List<SoakSampler.Sample> samples = new ArrayList<>();
        Ledger ledger = new Ledger("soak-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36));
        try (DatabaseServer database = DatabaseServer.start();
             Cluster cluster = Cluster.start(database, Map.of("FEED_RETENTION", "30s"));
             Watchers watchers = new Watchers(cluster)) {
            RunLoad runs = new RunLoad(cluster, ledger, watchers, settings.rate()).start();
            MixedLoad mixed = new MixedLoad(cluster, runs, ledger, Duration.ofMillis(200)).start();
            SoakSampler sampler = new SoakSampler(cluster);
            long end = System.nanoTime() + settings.soak().toNanos();
            // The load's duration and the sampling period: what is measured, not a wait for an event.
            Thread.sleep(warmUp);
            while (System.nanoTime() < end) {
                samples.add(sampler.sample());
                Thread.sleep(Math.min(settings.sampleEvery().toMillis(),
                        Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            samples.add(sampler.sample());
            mixed.close();
            runs.close();
            await("every run final and every watch ended").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> watchers.allEnded() && ledger.check(database).done());
            Ledger.Outcome outcome = ledger.check(database);
            List<Growth> growth = growth(samples);
            report(settings, samples, growth, outcome, mixed);

            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(outcome.lost()).as("lost runs (%s)", cluster).isEmpty();
            soft.assertThat(outcome.duplicated()).as("duplicated completions").isEmpty();
            soft.assertThat(outcome.wrongPhase()).as("runs in an unexpected final phase").isEmpty();
            soft.assertThat(watchers.incomplete(List.of("a0"))).as("watches that missed a final phase").isEmpty();
            soft.assertThat(runs.failures()).as("CreateRun failures").isEmpty();
            soft.assertThat(mixed.failures()).as("failed list, get and abort calls").isZero();
            growth.forEach(g -> soft.assertThat(g.flat()).as("%s grew: %s", g.figure(), g).isTrue());
            soft.assertAll();
        }
    }

    private static List<Growth> growth(List<SoakSampler.Sample> samples) {
        List<Growth> growth = new ArrayList<>();
        for (String process : samples.getFirst().heapMib().keySet()) {
            growth.add(Growth.of("heap of " + process + " (MiB)", samples, s -> s.heapMib().get(process), 1.25, 32));
        }
        growth.add(Growth.of("connections", samples, SoakSampler.Sample::connections, 1, 3));
        growth.add(Growth.of("change feed rows", samples, SoakSampler.Sample::changeRows, 1.5, 2000));
        growth.add(Growth.of("queue rows", samples, SoakSampler.Sample::queuedRows, 1.5, 50));
        // A prune deletes a minute of the change feed at once: dead tuples peak until autovacuum's next round (a
        // minute apart by default), so they are bounded over the soak rather than at one instant.
        growth.add(Growth.of("dead tuples", samples, SoakSampler.Sample::deadTuplesTotal, 2, 5000));
        return growth;
    }

    private static void report(FaultSettings settings, List<SoakSampler.Sample> samples, List<Growth> growth,
                               Ledger.Outcome outcome, MixedLoad mixed) throws java.io.IOException {
        List<String> processes = List.copyOf(samples.getFirst().heapMib().keySet());
        List<String> columns = new ArrayList<>(List.of("minute"));
        processes.forEach(p -> columns.add(p + " heap MiB"));
        columns.addAll(List.of("connections", "change rows", "queue rows", "dead tuples"));
        FigureTable table = new FigureTable("soak", columns.toArray(String[]::new));
        for (SoakSampler.Sample s : samples) {
            List<Object> row = new ArrayList<>(List.of(s.atMillis() / 60_000.0));
            processes.forEach(p -> row.add(s.heapMib().get(p)));
            row.addAll(List.of(s.connections(), s.changeRows(), s.queuedRows(), s.deadTuplesTotal()));
            table.add(row.toArray());
        }
        StringBuilder notes = new StringBuilder(String.format(
                "%s at %.0f runs/s: %d runs (%d final, %d lost, %d duplicated completions), %d list/get calls.%n%n"
                        + "| figure | first third | last third | allowed |%n| --- | --- | --- | --- |%n",
                FigureTable.format(settings.soak()), settings.rate(), outcome.created(), outcome.finished(),
                outcome.lost().size(), outcome.duplicated().size(), mixed.calls()));
        growth.forEach(g -> notes.append(String.format("| %s | %.1f | %.1f | %.1f |%n", g.figure(), g.first(),
                g.last(), g.allowed())));
        table.write(notes.toString());
    }
}

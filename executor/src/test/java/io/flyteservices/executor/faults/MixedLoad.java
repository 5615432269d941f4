package io.flyteservices.executor.faults;

import flyteidl2.common.ListRequest;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.Phase;
import io.flyteservices.executor.it.Tasks;
import io.flyteservices.testkit.Fixtures;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's mix besides the steady {@link RunLoad}: a client that keeps listing runs, reading a recent run, and now
 * and then creating a long run and aborting it (which must end ABORTED), every {@code pace}.
 */
final class MixedLoad implements AutoCloseable {

    private static final int ABORT_EVERY = 25;

    private final Cluster cluster;
    private final RunLoad runs;
    private final Ledger ledger;
    private final Duration pace;
    private final List<RunIdentifier> recent = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean stopping;
    private Thread thread;

    MixedLoad(Cluster cluster, RunLoad runs, Ledger ledger, Duration pace) {
        this.cluster = cluster;
        this.runs = runs;
        this.ledger = ledger;
        this.pace = pace;
    }

    MixedLoad start() {
        thread = Thread.ofVirtual().name("mixed-load").start(this::loop);
        return this;
    }

    private void loop() {
        for (int i = 1; !stopping; i++) {
            try {
                cluster.runs().listRuns(ListRunsRequest.newBuilder().setRequest(ListRequest.newBuilder().setLimit(20))
                        .setProjectId(Fixtures.projectId(ledger.project())).build());
                if (!recent.isEmpty()) {
                    cluster.runs().getRunDetails(GetRunDetailsRequest.newBuilder()
                            .setRunId(recent.getLast()).build());
                }
                if (i % ABORT_EVERY == 0) {
                    createAndAbort();
                }
                calls.addAndGet(2);
            } catch (StatusRuntimeException e) {
                failures.incrementAndGet();
            }
            try {
                Thread.sleep(pace);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void createAndAbort() {
        RunIdentifier run = runs.create(Tasks.shell("sleep 60"), Phase.PHASE_ABORTED);
        if (run != null) {
            recent.add(run);
            cluster.runs().abortRun(AbortRunRequest.newBuilder().setRunId(run).setReason("soak").build());
            if (recent.size() > 100) {
                recent.removeFirst();
            }
        }
    }

    int calls() {
        return calls.get();
    }

    int failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
    }
}

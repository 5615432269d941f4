package io.flyteservices.executor.faults;

import flyteidl2.common.RunIdentifier;
import flyteidl2.task.TaskSpec;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.Phase;
import io.flyteservices.executor.it.Tasks;
import io.flyteservices.testkit.Fixtures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of CreateRun calls of a short task, {@code rate} per second, each watched by {@link Watchers} once
 * created. A call that fails UNAVAILABLE (or runs out of its deadline) is sent again with the same run name, as a
 * client retries: an ALREADY_EXISTS answer then means an earlier try was committed, and the run counts as created.
 * Any other failure is recorded: none is expected.
 */
final class RunLoad implements AutoCloseable {

    static final TaskSpec SHORT_TASK = Tasks.shell("sleep 1");
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final Duration RETRY_AFTER = Duration.ofMillis(100);

    private final Cluster cluster;
    private final Ledger ledger;
    private final Watchers watchers;
    private final double rate;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final List<Thread> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    RunLoad(Cluster cluster, Ledger ledger, Watchers watchers, double rate) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.watchers = watchers;
        this.rate = rate;
    }

    RunLoad start() {
        long period = Math.round(1_000_000 / rate);
        ticks.scheduleAtFixedRate(() -> calls.add(Thread.ofVirtual().start(
                () -> create(SHORT_TASK, Phase.PHASE_SUCCEEDED))), 0, period, TimeUnit.MICROSECONDS);
        return this;
    }

    /** Creates one run of {@code task} (retrying as above) and watches it; returns its id, or null if it failed. */
    RunIdentifier create(TaskSpec task, Phase expected) {
        RunIdentifier id = Fixtures.runId(ledger.project(), "r" + next.incrementAndGet());
        CreateRunRequest request = Tasks.run(task, Map.of()).toBuilder().setRunId(id).build();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (true) {
            try {
                cluster.runs().createRun(request);
                break;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.ALREADY_EXISTS) {
                    break;
                }
                boolean transient_ = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
                if (!transient_ || System.nanoTime() > deadline) {
                    failures.put(id.getName(), e.getStatus().toString());
                    return null;
                }
                retries.incrementAndGet();
                cluster.reconnectNow();
                pause();
            }
        }
        ledger.created(id.getName(), expected);
        watchers.watch(id);
        return id;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int retries() {
        return retries.get();
    }

    /** Calls that failed otherwise than by a transient outage, by run: expected to be none. */
    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** Stops creating runs and waits for the calls in flight to end. */
    @Override
    public void close() throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
        for (Thread t : calls) {
            t.join();
        }
    }
}

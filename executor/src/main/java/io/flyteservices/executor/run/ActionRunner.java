package io.flyteservices.executor.run;

import io.flyteservices.executor.ExecutorIdentity;
import io.flyteservices.executor.ExecutorMetrics;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.report.LeaseFence;
import io.flyteservices.status.StatusRecorder;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.QueueStore;
import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.RunStore;
import jakarta.inject.Singleton;

/** Makes the {@link ClaimRun} of each claimed entry, with everything it needs. */
@Singleton
public final class ActionRunner {

    final Db db;
    final LeaseFence fence;
    final RunStore runs;
    final AttemptStore attempts;
    final QueueStore queue;
    final StatusRecorder recorder;
    final AttemptSpecs specs;
    final RetryPolicy retries;
    final Backend backend;
    final ExecutorMetrics metrics;
    final String executorId;

    public ActionRunner(Db db, LeaseFence fence, RunStore runs, AttemptStore attempts, QueueStore queue,
                        StatusRecorder recorder, AttemptSpecs specs, RetryPolicy retries, Backend backend,
                        ExecutorMetrics metrics, ExecutorIdentity identity) {
        this.db = db;
        this.fence = fence;
        this.runs = runs;
        this.attempts = attempts;
        this.queue = queue;
        this.recorder = recorder;
        this.specs = specs;
        this.retries = retries;
        this.backend = backend;
        this.metrics = metrics;
        this.executorId = identity.id();
    }

    /** The run of a pending entry: start (or adopt) an attempt and see it to its end. */
    public ClaimRun runOf(Claim claim) {
        return new ClaimRun(this, claim);
    }

    /** Whether the backend's work outlives this executor (pods): then a stopping executor leaves it running. */
    boolean workOutlivesExecutor() {
        return backend.workOutlivesExecutor();
    }
}

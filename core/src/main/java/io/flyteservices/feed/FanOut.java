package io.flyteservices.feed;

import io.flyteservices.runs.RunReader;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands each batch of the feed to the subscriptions it concerns: those of each changed run, and those watching
 * every run. One {@link BatchView} per batch is shared by all of them, so database reads grow with the number of
 * changed entities, not with the number of streams.
 */
@Singleton
public final class FanOut implements ChangeSink {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    /**
     * Reads of one batch made at once, each on its own pooled connection: fewer than the pool
     * ({@code datasources.default.maximum-pool-size}, 10 by default), so stream snapshots and StateService
     * calls still find connections.
     */
    static final int PREFETCH_PARALLELISM = 4;

    private final Map<Long, Set<Subscription>> byRun = new ConcurrentHashMap<>();
    private final ExecutorService prefetcher = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("feed-prefetch-", 0).factory());
    private final Db db;
    private final RunReader reader;
    private final ActionStore actions;
    private final AttemptStore attempts;

    public FanOut(Db db, RunReader reader, ActionStore actions, AttemptStore attempts) {
        this.db = db;
        this.reader = reader;
        this.actions = actions;
        this.attempts = attempts;
    }

    public void subscribe(Subscription subscription) {
        byRun.computeIfAbsent(subscription.runId(), id -> new CopyOnWriteArraySet<>()).add(subscription);
    }

    public void unsubscribe(Subscription subscription) {
        byRun.computeIfPresent(subscription.runId(), (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    /** The number of open subscriptions (for metrics and tests). */
    public int size() {
        return byRun.values().stream().mapToInt(Set::size).sum();
    }

    /** A view for reads outside a batch (stream snapshots): same reads, nothing shared. */
    public BatchView freshView() {
        return new BatchView(db, reader, actions, attempts);
    }

    @Override
    public void accept(List<Change> batch) {
        Map<Long, List<Change>> perRun = new LinkedHashMap<>();
        for (Change change : batch) {
            perRun.computeIfAbsent(change.runId(), id -> new ArrayList<>()).add(change);
        }
        BatchView view = freshView();
        prefetch(perRun, batch, view);
        perRun.forEach((runId, changes) -> deliver(byRun.get(runId), changes, view));
        deliver(byRun.get(Subscription.ALL_RUNS), batch, view);
    }

    /**
     * Asks every subscription the batch concerns what it will read and reads all of it at once, so that the feed's
     * thread waits for one round of parallel reads rather than one round trip per run and per action.
     */
    private void prefetch(Map<Long, List<Change>> perRun, List<Change> batch, BatchView view) {
        BatchView.Plan plan = new BatchView.Plan();
        perRun.forEach((runId, changes) -> plan(byRun.get(runId), changes, plan));
        plan(byRun.get(Subscription.ALL_RUNS), batch, plan);
        if (plan.isEmpty()) {
            return;
        }
        try {
            view.prefetch(plan, prefetcher, PREFETCH_PARALLELISM);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void plan(Set<Subscription> subscriptions, List<Change> changes, BatchView.Plan plan) {
        if (subscriptions == null) {
            return;
        }
        for (Subscription s : subscriptions) {
            try {
                s.plan(changes, plan);
            } catch (RuntimeException e) {
                LOG.error("subscription failed to plan its reads subscription={}", s, e);
            }
        }
    }

    /** Stops the prefetch threads (virtual: nothing to wait for). */
    @PreDestroy
    void close() {
        prefetcher.shutdownNow();
    }

    private static void deliver(Set<Subscription> subscriptions, List<Change> changes, BatchView view) {
        if (subscriptions == null) {
            return;
        }
        for (Subscription s : subscriptions) {
            try {
                s.onChanges(changes, view);
            } catch (RuntimeException e) {
                // One broken stream must not starve the others; the stream closes itself on its own errors.
                LOG.error("subscription failed to handle changes subscription={}", s, e);
            }
        }
    }
}

package io.flyteservices.feed;

import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.RunDetails;
import io.flyteservices.runs.RunReader;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.ClusterEventRow;
import io.flyteservices.store.Db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The reads streams make to turn changes into messages, each done at most once per view. The feed makes one view
 * per batch and shares it among all subscriptions (which run on the feed thread), so N streams watching one run
 * cost one re-read of what changed; a snapshot uses a view of its own.
 */
public final class BatchView {

    private final Db db;
    private final RunReader reader;
    private final ActionStore actions;
    private final AttemptStore attempts;
    private final long createdNanos = System.nanoTime();

    private final Map<Long, Optional<ActionDetails>> actionDetails = new HashMap<>();
    private final Map<Long, Optional<RunDetails>> runDetails = new HashMap<>();
    // Filled in parallel by prefetch(), then read on the feed's thread.
    private final Map<Long, List<ActionRow>> actionsOfRun = new ConcurrentHashMap<>();
    private final Map<Long, Optional<ActionRow>> rootOf = new HashMap<>();
    private final Map<Long, List<AttemptRow>> attemptsOf = new ConcurrentHashMap<>();
    private final Map<Long, List<ClusterEventRow>> clusterEvents = new HashMap<>();
    private final Map<Object, Object> derived = new HashMap<>();

    BatchView(Db db, RunReader reader, ActionStore actions, AttemptStore attempts) {
        this.db = db;
        this.reader = reader;
        this.actions = actions;
        this.attempts = attempts;
    }

    /**
     * What the subscriptions of a batch are going to read, announced before delivery ({@link Subscription#plan}),
     * so the fan-out reads it all at once, in parallel, instead of one round trip after another on the feed's
     * thread.
     */
    public static final class Plan {
        private final Set<Long> runs = new LinkedHashSet<>();
        private final Set<Long> attempts = new LinkedHashSet<>();

        /** Every action of this run will be read. */
        public void actionsOfRun(long runId) {
            runs.add(runId);
        }

        /** The attempts of this action will be read. */
        public void attempts(long actionId) {
            attempts.add(actionId);
        }

        public boolean isEmpty() {
            return runs.isEmpty() && attempts.isEmpty();
        }

        int reads() {
            return runs.size() + attempts.size();
        }
    }

    /**
     * Reads what {@code plan} names on {@code executor} (at most {@code parallelism} reads at once, each on its
     * own pooled connection) and waits for them. A read that fails is left out: it is made again, and its
     * failure reported, when a subscription asks for it.
     */
    void prefetch(Plan plan, ExecutorService executor, int parallelism) throws InterruptedException {
        List<Runnable> reads = new ArrayList<>(plan.reads());
        for (long runId : plan.runs) {
            if (!actionsOfRun.containsKey(runId)) {
                reads.add(() -> actionsOfRun.putIfAbsent(runId,
                        db.read("re-reading actions of run", c -> actions.listOfRun(c, runId))));
            }
        }
        for (long actionId : plan.attempts) {
            if (!attemptsOf.containsKey(actionId)) {
                reads.add(() -> attemptsOf.putIfAbsent(actionId,
                        db.read("re-reading attempts", c -> attempts.attemptsOf(c, actionId))));
            }
        }
        if (reads.size() <= 1) {
            reads.forEach(BatchView::quietly);
            return;
        }
        // Each worker takes the next read until none is left: parallelism connections, not one per read.
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, reads.size()); w++) {
            workers.add(executor.submit(() -> {
                for (int i = next.getAndIncrement(); i < reads.size(); i = next.getAndIncrement()) {
                    quietly(reads.get(i));
                }
            }));
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (ExecutionException e) {
                // quietly() catches every read's failure; nothing else can fail here.
            }
        }
    }

    private static void quietly(Runnable read) {
        try {
            read.run();
        } catch (RuntimeException e) {
            // Not fatal: the subscription asking for this read later makes it again and handles the failure.
        }
    }

    /** When this view was made: every read through it started afterwards. */
    public long createdNanos() {
        return createdNanos;
    }

    public Optional<ActionDetails> actionDetails(long actionId) {
        return actionDetails.computeIfAbsent(actionId, reader::actionDetails);
    }

    public Optional<RunDetails> runDetails(long runId) {
        return runDetails.computeIfAbsent(runId, reader::runDetails);
    }

    /** Every action of the run in creation order (parents first). */
    public List<ActionRow> actionsOfRun(long runId) {
        return actionsOfRun.computeIfAbsent(runId,
                id -> db.read("re-reading actions of run", c -> actions.listOfRun(c, id)));
    }

    /** The run's root action, if the run exists (from the run's actions when those were read already). */
    public Optional<ActionRow> rootOf(long runId) {
        List<ActionRow> all = actionsOfRun.get(runId);
        if (all != null) {
            return all.stream().filter(a -> a.parentName() == null).findFirst();
        }
        return rootOf.computeIfAbsent(runId, id -> db.read("re-reading root action", c -> actions.findRootOfRun(c, id)));
    }

    /** The action with this id among its run's actions. */
    public Optional<ActionRow> action(long runId, long actionId) {
        return actionsOfRun(runId).stream().filter(a -> a.id() == actionId).findFirst();
    }

    /**
     * Something computed from this view's reads, once per view whatever the number of streams asking: e.g. the
     * action tree of a run for a filter, which every WatchActions stream on that run with that filter would
     * otherwise build again. {@code key} must have value equality and name everything the value depends on.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Supplier<T> compute) {
        Object value = derived.get(key);
        if (value == null) {
            value = compute.get();
            derived.put(key, value);
        }
        return (T) value;
    }

    public List<AttemptRow> attempts(long actionId) {
        return attemptsOf.computeIfAbsent(actionId,
                id -> db.read("re-reading attempts", c -> attempts.attemptsOf(c, id)));
    }

    public List<ClusterEventRow> clusterEvents(long actionId) {
        return clusterEvents.computeIfAbsent(actionId,
                id -> db.read("re-reading cluster events", c -> attempts.clusterEventsOf(c, id)));
    }
}

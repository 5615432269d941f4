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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final Map<Long, List<ActionRow>> actionsOfRun = new HashMap<>();
    private final Map<Long, Optional<ActionRow>> rootOf = new HashMap<>();
    private final Map<Long, List<AttemptRow>> attemptsOf = new HashMap<>();
    private final Map<Long, List<ClusterEventRow>> clusterEvents = new HashMap<>();

    BatchView(Db db, RunReader reader, ActionStore actions, AttemptStore attempts) {
        this.db = db;
        this.reader = reader;
        this.actions = actions;
        this.attempts = attempts;
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

    public List<AttemptRow> attempts(long actionId) {
        return attemptsOf.computeIfAbsent(actionId,
                id -> db.read("re-reading attempts", c -> attempts.attemptsOf(c, id)));
    }

    public List<ClusterEventRow> clusterEvents(long actionId) {
        return clusterEvents.computeIfAbsent(actionId,
                id -> db.read("re-reading cluster events", c -> attempts.clusterEventsOf(c, id)));
    }
}

package io.flyteservices.cli;

import flyteidl2.workflow.Action;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.WatchActionsResponse;
import io.flyteservices.phase.PhaseRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code run watch} knows about a run's actions, from WatchActions messages, and how it shows them: a table
 * in tree order (children indented under their parent) with a progress line, or one line per change. Pure: the
 * watcher feeds it messages and prints what it renders.
 */
final class WatchView {

    private static final int PHASE_WIDTH = "INITIALIZING".length();

    /** By action name, in the order first seen (a snapshot comes parents first). */
    private final Map<String, Action> actions = new LinkedHashMap<>();

    /** Forgets everything: a reconnected stream starts with a fresh snapshot. */
    void reset() {
        actions.clear();
    }

    void apply(WatchActionsResponse response) {
        for (EnrichedAction enriched : response.getEnrichedActionsList()) {
            Action action = enriched.getAction();
            actions.put(action.getId().getName(), action);
        }
    }

    /** The run's root action (the one without a parent), once seen. */
    Optional<Action> root() {
        return actions.values().stream().filter(a -> a.getMetadata().getParent().isEmpty()).findFirst();
    }

    /** Whether the run is over: its root action is terminal. Children still stopping do not hold the watch open. */
    boolean finished() {
        return root().map(a -> PhaseRules.isTerminal(a.getStatus().getPhase())).orElse(false);
    }

    /** The table of every action, parents before children, and the progress line under it. */
    List<String> table(boolean ansi, Instant now) {
        Table table = new Table("ACTION", "TASK", "PHASE", "ATTEMPTS", "DURATION");
        for (Map.Entry<Action, Integer> entry : treeOrder().entrySet()) {
            Action a = entry.getKey();
            table.row("  ".repeat(entry.getValue()) + a.getId().getName(), DetailsView.task(a.getMetadata()),
                    Phases.styled(a.getStatus().getPhase(), ansi), String.valueOf(a.getStatus().getAttempts()),
                    Times.between(a.getStatus().getStartTime(), a.getStatus().getEndTime(), now));
        }
        List<String> lines = new ArrayList<>(table.lines());
        lines.add("");
        lines.add(progress());
        return lines;
    }

    /** One action as a line of its own, for output that is appended rather than redrawn. */
    String line(Action a, boolean ansi, Instant now) {
        int nameWidth = actions.keySet().stream().mapToInt(String::length).max().orElse(0);
        String name = a.getId().getName();
        String phase = Phases.styled(a.getStatus().getPhase(), ansi);
        return name + " ".repeat(nameWidth - name.length()) + "  "
                + phase + " ".repeat(Math.max(0, PHASE_WIDTH - Table.width(phase))) + "  "
                + "attempts " + a.getStatus().getAttempts() + "  "
                + Times.between(a.getStatus().getStartTime(), a.getStatus().getEndTime(), now);
    }

    /** {@code 3/5 actions done, 1 running, 1 queued, 1 failed, 1 aborted}: the last three only when not zero. */
    String progress() {
        int done = 0;
        int running = 0;
        int queued = 0;
        int failed = 0;
        int aborted = 0;
        for (Action a : actions.values()) {
            Phase phase = a.getStatus().getPhase();
            if (PhaseRules.isTerminal(phase)) {
                done++;
                if (phase == Phase.PHASE_FAILED || phase == Phase.PHASE_TIMED_OUT) {
                    failed++;
                } else if (phase == Phase.PHASE_ABORTED) {
                    aborted++;
                }
            } else if (phase == Phase.PHASE_RUNNING || phase == Phase.PHASE_INITIALIZING) {
                running++;
            } else {
                queued++;
            }
        }
        StringBuilder s = new StringBuilder().append(done).append('/').append(actions.size())
                .append(actions.size() == 1 ? " action" : " actions").append(" done, ").append(running)
                .append(" running");
        if (queued > 0) {
            s.append(", ").append(queued).append(" queued");
        }
        if (failed > 0) {
            s.append(", ").append(failed).append(" failed");
        }
        if (aborted > 0) {
            s.append(", ").append(aborted).append(" aborted");
        }
        return s.toString();
    }

    /** Actions depth first from the root, each with its depth; actions whose parent is unknown come last. */
    private Map<Action, Integer> treeOrder() {
        Map<String, List<Action>> children = new LinkedHashMap<>();
        for (Action a : actions.values()) {
            children.computeIfAbsent(a.getMetadata().getParent(), p -> new ArrayList<>()).add(a);
        }
        Map<Action, Integer> ordered = new LinkedHashMap<>();
        for (Action top : children.getOrDefault("", List.of())) {
            visit(top, 0, children, ordered);
        }
        for (Action a : actions.values()) {
            if (!ordered.containsKey(a)) {
                visit(a, 0, children, ordered);
            }
        }
        return ordered;
    }

    private static void visit(Action a, int depth, Map<String, List<Action>> children, Map<Action, Integer> out) {
        if (out.putIfAbsent(a, depth) != null) {
            return;
        }
        for (Action child : children.getOrDefault(a.getId().getName(), List.of())) {
            visit(child, depth + 1, children, out);
        }
    }
}

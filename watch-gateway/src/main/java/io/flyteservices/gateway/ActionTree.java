package io.flyteservices.gateway;

import flyteidl2.workflow.EnrichedAction;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.runs.ActionProtos;
import io.flyteservices.store.ActionRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's actions as the tree WatchActions shows: parents before children, each node with {@code meets_filter}
 * and {@code children_phase_counts} over all its descendants. Only matching nodes and their ancestors are visible
 * (so the path to a match stays on screen). Pure: built from the run's action rows.
 */
final class ActionTree {

    private final Map<Long, EnrichedAction> visible;
    private final boolean allTerminal;

    private ActionTree(Map<Long, EnrichedAction> visible, boolean allTerminal) {
        this.visible = visible;
        this.allTerminal = allTerminal;
    }

    static ActionTree of(List<ActionRow> actions, ActionFilter filter) {
        Map<String, ActionRow> byName = new HashMap<>();
        Map<String, List<ActionRow>> children = new HashMap<>();
        ActionRow root = null;
        for (ActionRow a : actions) {
            byName.put(a.key().name(), a);
            if (a.parentName() == null) {
                root = a;
            } else {
                children.computeIfAbsent(a.parentName(), p -> new ArrayList<>()).add(a);
            }
        }
        Set<String> shown = new HashSet<>();
        Set<String> matching = new HashSet<>();
        for (ActionRow a : actions) {
            if (filter.matches(a)) {
                matching.add(a.key().name());
                for (ActionRow n = a; n != null && shown.add(n.key().name());
                     n = n.parentName() == null ? null : byName.get(n.parentName())) {
                    // walks up to the root, stopping at the first ancestor already shown
                }
            }
        }
        Map<Long, EnrichedAction> ordered = new LinkedHashMap<>();
        if (root != null) {
            visit(root, children, shown, matching, ordered);
        }
        boolean allTerminal = !actions.isEmpty() && actions.stream().allMatch(a -> PhaseRules.isTerminal(a.phase()));
        return new ActionTree(ordered, allTerminal);
    }

    /** Visible nodes by action id, parents before children. */
    Map<Long, EnrichedAction> visible() {
        return visible;
    }

    boolean allTerminal() {
        return allTerminal;
    }

    /** Depth-first: adds visible nodes in tree order; returns the phase counts of the subtree below {@code node}. */
    private static Map<Integer, Integer> visit(ActionRow node, Map<String, List<ActionRow>> children, Set<String> shown,
                                               Set<String> matching, Map<Long, EnrichedAction> out) {
        EnrichedAction.Builder enriched = null;
        if (shown.contains(node.key().name())) {
            enriched = EnrichedAction.newBuilder()
                    .setAction(ActionProtos.toAction(node))
                    .setMeetsFilter(matching.contains(node.key().name()));
            out.put(node.id(), null); // reserve the parent's place before its children
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (ActionRow child : children.getOrDefault(node.key().name(), List.of())) {
            counts.merge(child.phase(), 1, Integer::sum);
            visit(child, children, shown, matching, out).forEach((phase, n) -> counts.merge(phase, n, Integer::sum));
        }
        if (enriched != null) {
            out.put(node.id(), enriched.putAllChildrenPhaseCounts(counts).build());
        }
        return counts;
    }
}

package io.flyteservices.gateway;

import flyteidl2.common.Filter;
import flyteidl2.workflow.Phase;
import io.flyteservices.error.Errors;
import io.flyteservices.phase.PhaseNames;
import io.flyteservices.runs.ActionSpecs;
import io.flyteservices.store.ActionRow;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The filters WatchActions understands (BEHAVIOR WatchActions): {@code phase} VALUE_IN (or EQUAL) with phase names
 * or numbers, and {@code name} CONTAINS_CASE_INSENSITIVE on the task's short name. All filters must match.
 */
final class ActionFilter {

    private final Set<Integer> phases;
    private final List<String> nameParts;

    private ActionFilter(Set<Integer> phases, List<String> nameParts) {
        this.phases = phases;
        this.nameParts = nameParts;
    }

    static ActionFilter of(List<Filter> filters) {
        Set<Integer> phases = null;
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Filter f = filters.get(i);
            String where = "filter[" + i + "]";
            String field = f.getField().trim().toLowerCase(Locale.ROOT);
            switch (field) {
                case "phase" -> {
                    if (f.getFunction() != Filter.Function.VALUE_IN && f.getFunction() != Filter.Function.EQUAL) {
                        throw Errors.invalidField(where + ".function", "phase filters take VALUE_IN or EQUAL");
                    }
                    if (f.getValuesCount() == 0) {
                        throw Errors.invalidField(where + ".values", "at least one phase is required");
                    }
                    Set<Integer> these = new HashSet<>();
                    for (String v : f.getValuesList()) {
                        these.add(phase(v, where));
                    }
                    phases = phases == null ? these : intersect(phases, these);
                }
                case "name" -> {
                    if (f.getFunction() != Filter.Function.CONTAINS_CASE_INSENSITIVE
                            && f.getFunction() != Filter.Function.CONTAINS) {
                        throw Errors.invalidField(where + ".function", "name filters take CONTAINS_CASE_INSENSITIVE");
                    }
                    if (f.getValuesCount() != 1) {
                        throw Errors.invalidField(where + ".values", "exactly one name is required");
                    }
                    names.add(f.getValues(0).toLowerCase(Locale.ROOT));
                }
                default -> throw Errors.invalidField(where + ".field", "unknown field '" + f.getField()
                        + "'; WatchActions filters on phase and name");
            }
        }
        return new ActionFilter(phases, List.copyOf(names));
    }

    boolean matches(ActionRow action) {
        if (phases != null && !phases.contains(action.phase())) {
            return false;
        }
        if (nameParts.isEmpty()) {
            return true;
        }
        String shortName = ActionSpecs.shortName(ActionSpecs.parse(action.spec())).toLowerCase(Locale.ROOT);
        return nameParts.stream().allMatch(shortName::contains);
    }

    private static int phase(String value, String where) {
        return PhaseNames.parse(value).map(Phase::getNumber)
                .orElseThrow(() -> Errors.invalidField(where + ".values", "'" + value + "' is not a phase"));
    }

    private static Set<Integer> intersect(Set<Integer> a, Set<Integer> b) {
        Set<Integer> r = new HashSet<>(a);
        r.retainAll(b);
        return r;
    }

    /** Equal filters select the same nodes (streams with equal filters share a tree per batch). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ActionFilter f && Objects.equals(phases, f.phases)
                && nameParts.equals(f.nameParts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phases, nameParts);
    }
}

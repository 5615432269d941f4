package io.flyteservices.phase;

import flyteidl2.workflow.Phase;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a phase as people and clients write it: its number ({@code 4}) or its name in any case, with or without the
 * {@code PHASE_} prefix and with separators optional ({@code PHASE_RUNNING}, {@code running}, {@code TimedOut}),
 * and {@code waiting} for {@code PHASE_WAITING_FOR_RESOURCES}. Used by list filters, watch filters, reported states
 * and the command line alike.
 */
public final class PhaseNames {

    private static final Map<String, Phase> BY_NAME = byName();

    private PhaseNames() {
    }

    /** The phase {@code text} names, or empty if it names none. */
    public static Optional<Phase> parse(String text) {
        String v = text.strip();
        if (!v.isEmpty() && v.length() <= 9 && v.chars().allMatch(Character::isDigit)) {
            return Optional.ofNullable(Phase.forNumber(Integer.parseInt(v)));
        }
        return Optional.ofNullable(BY_NAME.get(normalize(v)));
    }

    /** Upper case without the {@code PHASE} prefix and without separators: {@code TimedOut} → {@code TIMEDOUT}. */
    private static String normalize(String name) {
        String word = name.toUpperCase(Locale.ROOT).replaceAll("[_\\- ]", "");
        return word.startsWith("PHASE") ? word.substring("PHASE".length()) : word;
    }

    private static Map<String, Phase> byName() {
        Map<String, Phase> byName = new HashMap<>();
        for (Phase p : Phase.values()) {
            if (p != Phase.UNRECOGNIZED) {
                byName.put(normalize(p.name()), p);
            }
        }
        byName.put("WAITING", Phase.PHASE_WAITING_FOR_RESOURCES);
        return Map.copyOf(byName);
    }
}

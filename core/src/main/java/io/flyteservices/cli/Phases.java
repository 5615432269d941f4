package io.flyteservices.cli;

import flyteidl2.workflow.Phase;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Phases as people read and type them: short names ({@code RUNNING}), coloured on a terminal. */
final class Phases {

    private static final String RESET = "\u001B[0m";

    private Phases() {
    }

    /** The name without its {@code PHASE_} prefix; {@code WAITING_FOR_RESOURCES} is {@code WAITING}. */
    static String shortName(Phase phase) {
        return switch (phase) {
            case PHASE_UNSPECIFIED, UNRECOGNIZED -> "UNKNOWN";
            case PHASE_WAITING_FOR_RESOURCES -> "WAITING";
            default -> phase.name().substring("PHASE_".length());
        };
    }

    /** The short name, in the phase's colour when {@code ansi}: green done, red failed, yellow aborted, cyan busy. */
    static String styled(Phase phase, boolean ansi) {
        String name = shortName(phase);
        if (!ansi) {
            return name;
        }
        String colour = switch (phase) {
            case PHASE_SUCCEEDED -> "\u001B[32m";
            case PHASE_FAILED, PHASE_TIMED_OUT -> "\u001B[31m";
            case PHASE_ABORTED -> "\u001B[33m";
            case PHASE_RUNNING -> "\u001B[36m";
            case PHASE_INITIALIZING, PHASE_WAITING_FOR_RESOURCES -> "\u001B[34m";
            default -> "\u001B[2m";
        };
        return colour + name + RESET;
    }

    static boolean isTerminal(Phase phase) {
        return switch (phase) {
            case PHASE_SUCCEEDED, PHASE_FAILED, PHASE_ABORTED, PHASE_TIMED_OUT -> true;
            default -> false;
        };
    }

    /** A phase as typed: {@code running}, {@code RUNNING}, {@code PHASE_RUNNING}, {@code waiting} or its number. */
    static Phase parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (t.startsWith("PHASE_")) {
            t = t.substring("PHASE_".length());
        }
        if (t.equals("WAITING")) {
            return Phase.PHASE_WAITING_FOR_RESOURCES;
        }
        for (Phase p : known()) {
            if (p.name().equals("PHASE_" + t) || String.valueOf(p.getNumber()).equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + text + "'; expected one of " + names());
    }

    /** Every phase a user can ask for, by short name. */
    static String names() {
        return Arrays.stream(known()).map(Phases::shortName).collect(Collectors.joining(", "));
    }

    private static Phase[] known() {
        return Arrays.stream(Phase.values())
                .filter(p -> p != Phase.UNRECOGNIZED && p != Phase.PHASE_UNSPECIFIED)
                .toArray(Phase[]::new);
    }
}

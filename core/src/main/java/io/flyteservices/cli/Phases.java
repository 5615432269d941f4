package io.flyteservices.cli;

import flyteidl2.workflow.Phase;
import io.flyteservices.phase.PhaseNames;

import java.util.Arrays;
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

    /** A phase as typed ({@code running}, {@code PHASE_RUNNING}, {@code waiting}, its number), never UNSPECIFIED. */
    static Phase parse(String text) {
        return PhaseNames.parse(text)
                .filter(p -> p != Phase.PHASE_UNSPECIFIED)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown phase '" + text + "'; expected one of " + names()));
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

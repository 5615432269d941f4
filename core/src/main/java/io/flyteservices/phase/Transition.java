package io.flyteservices.phase;

/** The outcome of asking {@link PhaseRules} whether an update may be applied. */
public sealed interface Transition {

    /** The update moves the action forward (or starts a newer attempt): write it. */
    record Apply() implements Transition {
    }

    /** The update is late or would move backwards: drop it, the stored state stays. */
    record Ignore(String reason) implements Transition {
    }

    Transition APPLY = new Apply();

    default boolean applies() {
        return this instanceof Apply;
    }
}

package io.flyteservices.model;

import flyteidl2.common.ActionIdentifier;

import java.util.Objects;

/** The identity of an action: its run and its name within the run (the root action is {@code a0}). */
public record ActionKey(RunKey run, String name) {

    /** The name of every run's root action. */
    public static final String ROOT = "a0";

    public ActionKey {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(name, "name");
    }

    public static ActionKey of(ActionIdentifier id) {
        return new ActionKey(RunKey.of(id.getRun()), id.getName());
    }

    public static ActionKey root(RunKey run) {
        return new ActionKey(run, ROOT);
    }

    public ActionIdentifier toProto() {
        return ActionIdentifier.newBuilder().setRun(run.toProto()).setName(name).build();
    }

    @Override
    public String toString() {
        return run + "/" + name;
    }
}

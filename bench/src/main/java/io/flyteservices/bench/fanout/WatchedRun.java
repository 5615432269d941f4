package io.flyteservices.bench.fanout;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;

import java.util.List;

/** One run of the benchmark: its root {@code a0}, parent actions under the root, and leaves under the parents. */
public record WatchedRun(RunIdentifier id, List<String> parents, List<String> leaves) {

    public ActionIdentifier action(String name) {
        return ActionIdentifier.newBuilder().setRun(id).setName(name).build();
    }

    /** How writes and receipts name an action: run name and action name. */
    public static String label(ActionIdentifier action) {
        return action.getRun().getName() + "/" + action.getName();
    }
}

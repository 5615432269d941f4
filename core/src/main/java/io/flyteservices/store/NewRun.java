package io.flyteservices.store;

import io.flyteservices.model.RunKey;

/** The values of a run about to be inserted. */
public record NewRun(RunKey key, byte[] runSpec, String inputsUri, String runOutputBase, int source) {
}

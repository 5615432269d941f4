package io.flyteservices.runs;

import io.flyteservices.model.RunKey;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * Where a run's data lives under {@code runs.storagePrefix} (BEHAVIOR, Conventions):
 * {@code <prefix>/<project>/<domain>/<run>/inputs/inputs.pb} for inputs and
 * {@code <prefix>/<project>/<domain>/<run>/} as the run's output base. A non-empty org is a leading segment
 * (ours), so two orgs never share a path.
 */
@Singleton
public final class StorageLayout {

    static final String INPUTS_FILE = "inputs.pb";
    static final String OUTPUTS_FILE = "outputs.pb";

    private final String prefix;

    public StorageLayout(RunsConfig config) {
        String p = config.storagePrefix();
        this.prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The run's output base, ending in '/'. */
    public String runOutputBase(RunKey run) {
        return prefix + "/" + (run.org().isEmpty() ? "" : run.org() + "/")
                + run.project() + "/" + run.domain() + "/" + run.name() + "/";
    }

    /** The URI of the run's inputs file. */
    public String inputsUri(RunKey run) {
        return runOutputBase(run) + "inputs/" + INPUTS_FILE;
    }

    /** The inputs file behind an action's input URI: the URI itself if it names a .pb file, else inside it. */
    static URI inputsFile(String inputUri) {
        return file(inputUri, INPUTS_FILE);
    }

    /** The outputs file behind an attempt's output URI. */
    static URI outputsFile(String outputUri) {
        return file(outputUri, OUTPUTS_FILE);
    }

    private static URI file(String uri, String defaultName) {
        if (uri.endsWith(".pb")) {
            return URI.create(uri);
        }
        return URI.create(uri.endsWith("/") ? uri + defaultName : uri + "/" + defaultName);
    }
}

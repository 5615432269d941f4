package io.flyteservices.runs;

import io.flyteservices.model.RunKey;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * Where a run's data lives under {@code runs.storagePrefix} (BEHAVIOR, Conventions):
 * {@code <prefix>/<project>/<domain>/<run>/inputs/inputs.pb} for inputs and
 * {@code <prefix>/<project>/<domain>/<run>/} as the run's output base. A non-empty org is a leading segment
 * (ours), so two orgs never share a path; names are escaped so each stays one path segment.
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
        return prefix + "/" + (run.org().isEmpty() ? "" : segment(run.org()) + "/")
                + segment(run.project()) + "/" + segment(run.domain()) + "/" + segment(run.name()) + "/";
    }

    /**
     * A name as one path segment: letters, digits, '-', '_' and '.' stay, anything else (and a whole segment of
     * "." or "..") becomes '~' and its UTF-8 bytes in hex. Injective, and never a path traversal: project and
     * domain names are only length-checked (BEHAVIOR, Conventions).
     */
    static String segment(String name) {
        if (name.equals(".") || name.equals("..")) {
            return name.replace(".", "~2e");
        }
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                out.append(c);
            } else {
                out.append('~').append(String.format("%02x", b & 0xff));
            }
        }
        return out.toString();
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

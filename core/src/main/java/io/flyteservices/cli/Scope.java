package io.flyteservices.cli;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;

import java.util.Arrays;
import java.util.Map;

/**
 * Where a command works: org, project and domain. Each comes from its option, else the environment
 * ({@code FLYTE_ORG}, {@code FLYTE_PROJECT}, {@code FLYTE_DOMAIN}), else its default: org empty (single tenant),
 * domain {@code development}; the project has no default.
 */
record Scope(String org, String project, String domain) {

    static final String DEFAULT_DOMAIN = "development";

    /** The scope from options (null when not given) and the environment; no project at all is an error. */
    static Scope of(String org, String project, String domain, Map<String, String> env) {
        String p = first(project, env.get("FLYTE_PROJECT"));
        if (p == null) {
            throw new IllegalArgumentException("no project: give --project or set FLYTE_PROJECT");
        }
        return new Scope(orEmpty(first(org, env.get("FLYTE_ORG"))), p,
                first(domain, first(env.get("FLYTE_DOMAIN"), DEFAULT_DOMAIN)));
    }

    /**
     * A run from its reference: a name (in the scope of the options and environment), {@code PROJECT/DOMAIN/NAME}
     * or {@code ORG/PROJECT/DOMAIN/NAME} (which then must agree with the options where those are given).
     */
    static RunIdentifier run(String ref, String org, String project, String domain, Map<String, String> env) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("the run name is empty");
        }
        if (!ref.contains("/")) {
            return of(org, project, domain, env).run(ref);
        }
        String[] parts = ref.split("/", -1);
        if (parts.length < 3 || parts.length > 4 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("run '" + ref + "': expected NAME, PROJECT/DOMAIN/NAME or "
                    + "ORG/PROJECT/DOMAIN/NAME");
        }
        int p = parts.length - 3;
        agree("--project", project, parts[p], ref);
        agree("--domain", domain, parts[p + 1], ref);
        String o = p == 1 ? parts[0] : orEmpty(first(org, env.get("FLYTE_ORG")));
        if (p == 1) {
            agree("--org", org, o, ref);
        }
        return new Scope(o, parts[p], parts[p + 1]).run(parts[p + 2]);
    }

    RunIdentifier run(String name) {
        return RunIdentifier.newBuilder().setOrg(org).setProject(project).setDomain(domain).setName(name).build();
    }

    ProjectIdentifier projectId() {
        return ProjectIdentifier.newBuilder().setOrganization(org).setName(project).setDomain(domain).build();
    }

    /** {@code project/domain/name}, the form the other commands take back (with {@code org/} in front if set). */
    static String show(RunIdentifier run) {
        String id = run.getProject() + "/" + run.getDomain() + "/" + run.getName();
        return run.getOrg().isEmpty() ? id : run.getOrg() + "/" + id;
    }

    static String show(ActionIdentifier action) {
        return show(action.getRun()) + "/" + action.getName();
    }

    private static void agree(String option, String given, String inRef, String ref) {
        if (given != null && !given.equals(inRef)) {
            throw new IllegalArgumentException("run '" + ref + "' is in " + option.substring(2) + " '" + inRef
                    + "' but " + option + " says '" + given + "'");
        }
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

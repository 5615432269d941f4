package io.flyteservices.model;

import flyteidl2.common.RunIdentifier;

import java.util.Objects;

/** The identity of a run: org (may be empty in single-tenant use), project, domain and name. */
public record RunKey(String org, String project, String domain, String name) {

    public RunKey {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
    }

    public static RunKey of(RunIdentifier id) {
        return new RunKey(id.getOrg(), id.getProject(), id.getDomain(), id.getName());
    }

    public RunIdentifier toProto() {
        return RunIdentifier.newBuilder().setOrg(org).setProject(project).setDomain(domain).setName(name).build();
    }

    @Override
    public String toString() {
        return (org.isEmpty() ? "" : org + "/") + project + "/" + domain + "/" + name;
    }
}

package io.flyteservices.auth;

import flyteidl2.common.EnrichedIdentity;
import flyteidl2.common.User;
import flyteidl2.common.UserIdentifier;
import flyteidl2.common.UserSpec;
import io.grpc.Context;

import java.util.Set;

/**
 * Who makes the current call and what it may touch: an org and, when the token lists any, only those projects.
 * {@link #UNSCOPED} (authentication off) sees everything and records no principal.
 *
 * @param subject  the token's {@code sub}; empty for {@link #UNSCOPED}
 * @param org      the organization the token grants; null for {@link #UNSCOPED}
 * @param projects the projects the token grants; empty means every project of the org
 * @param email    the token's {@code email}, or empty
 */
public record Caller(String subject, String org, Set<String> projects, String email) {

    public static final Caller UNSCOPED = new Caller("", null, Set.of(), "");

    static final Context.Key<Caller> KEY = Context.key("flyte-caller");

    public Caller {
        projects = Set.copyOf(projects);
    }

    /**
     * The caller of the call whose gRPC context is current (set by {@link AuthInterceptor} for the thread running a
     * call's handler); {@link #UNSCOPED} when authentication is off. Streams capture it when they open.
     */
    public static Caller current() {
        Caller caller = KEY.get();
        return caller == null ? UNSCOPED : caller;
    }

    public boolean unscoped() {
        return org == null;
    }

    /** Whether this caller may see things of {@code org} and {@code project}. */
    public boolean sees(String org, String project) {
        return unscoped() || (this.org.equals(org) && (projects.isEmpty() || projects.contains(project)));
    }

    /** Whether only some projects of the org are granted. */
    public boolean projectRestricted() {
        return !unscoped() && !projects.isEmpty();
    }

    /** The principal recorded as {@code executed_by} / {@code aborted_by}; null when unscoped. */
    public EnrichedIdentity identity() {
        if (unscoped()) {
            return null;
        }
        return user(subject, UserSpec.newBuilder().setOrganization(org).setEmail(email));
    }

    /**
     * The stored {@code executed_by} of what this caller creates: its own identity when authenticated (a token's
     * holder cannot name someone else), else the subject a trusted caller names, if any; null for nobody.
     */
    public byte[] executedBy(String claimedSubject) {
        if (!unscoped()) {
            return identity().toByteArray();
        }
        return claimedSubject.isEmpty() ? null : user(claimedSubject, UserSpec.newBuilder()).toByteArray();
    }

    private static EnrichedIdentity user(String subject, UserSpec.Builder spec) {
        User.Builder user = User.newBuilder().setId(UserIdentifier.newBuilder().setSubject(subject));
        if (!spec.build().equals(UserSpec.getDefaultInstance())) {
            user.setSpec(spec);
        }
        return EnrichedIdentity.newBuilder().setUser(user).build();
    }
}

package io.flyteservices.executor.backend.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts a backend follows, by pod name: where the shared watches dispatch what they see. Usually one attempt
 * per pod; more when one executor adopts a pod it is still following (its lease lapsed and it claimed the action
 * again), so that no follower is left without an outcome.
 */
final class Followers {

    /** Immutable lists, replaced whole, so dispatching iterates without locking. */
    private final ConcurrentHashMap<String, List<KubernetesAttempt>> byPod = new ConcurrentHashMap<>();

    void add(KubernetesAttempt attempt) {
        byPod.compute(attempt.podName(), (pod, attempts) -> {
            var updated = attempts == null ? new ArrayList<KubernetesAttempt>() : new ArrayList<>(attempts);
            updated.add(attempt);
            return List.copyOf(updated);
        });
    }

    void remove(KubernetesAttempt attempt) {
        byPod.computeIfPresent(attempt.podName(), (pod, attempts) -> {
            var updated = attempts.stream().filter(a -> a != attempt).toList();
            return updated.isEmpty() ? null : updated;
        });
    }

    /** The attempts following pod {@code podName}; empty when none. */
    List<KubernetesAttempt> of(String podName) {
        return podName == null ? List.of() : byPod.getOrDefault(podName, List.of());
    }

    /** The names of the pods followed now. */
    Set<String> podNames() {
        return Set.copyOf(byPod.keySet());
    }
}

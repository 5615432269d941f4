package io.flyteservices.executor.backend.kubernetes;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code executor.kubernetes} configuration, read only when {@code executor.backend=kubernetes}. The API server
 * and credentials come from micronaut-kubernetes ({@code kubernetes.client.*}; by default the in-cluster service
 * account, else {@code $KUBECONFIG} or {@code ~/.kube/config}).
 *
 * @param namespace         where attempt pods are created and watched
 * @param serviceAccount    the service account attempt pods run as; the namespace's default when unset
 * @param imagePullPolicy   {@code Always}, {@code IfNotPresent} or {@code Never}; Kubernetes' default when unset
 * @param deleteGracePeriod how long a pod deleted by abort gets to stop before it is killed
 */
@ConfigurationProperties("executor.kubernetes")
@Requires(property = "executor.backend", value = "kubernetes")
public record KubernetesConfig(
        @Bindable(defaultValue = "flyte") String namespace,
        @Nullable String serviceAccount,
        @Nullable String imagePullPolicy,
        @Bindable(defaultValue = "30s") Duration deleteGracePeriod) {

    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    public KubernetesConfig {
        if (namespace == null || !PodNames.isDnsLabel(namespace)) {
            throw new IllegalArgumentException(
                    "executor.kubernetes.namespace must be a DNS-1123 label, got " + namespace);
        }
        if (imagePullPolicy != null && !PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException("executor.kubernetes.imagePullPolicy must be one of " + PULL_POLICIES
                    + ", got " + imagePullPolicy);
        }
        if (deleteGracePeriod == null || deleteGracePeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "executor.kubernetes.deleteGracePeriod must not be negative, got " + deleteGracePeriod);
        }
    }

    /** The defaults, in {@code namespace}. */
    static KubernetesConfig inNamespace(String namespace) {
        return new KubernetesConfig(namespace, null, null, Duration.ofSeconds(30));
    }
}

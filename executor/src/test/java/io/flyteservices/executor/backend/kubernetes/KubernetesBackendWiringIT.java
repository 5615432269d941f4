package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.local.LocalProcessBackend;
import io.flyteservices.testkit.TestDatabase;
import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Which backend the executor's application context builds, and that the default builds nothing of Kubernetes. */
class KubernetesBackendWiringIT {

    @Test
    void shouldCreateNothingOfKubernetesWhenTheBackendIsLeftAtLocal() {
        try (var context = ApplicationContext.builder().properties(properties(Map.of())).start()) {
            assertThat(context.getBean(Backend.class)).isInstanceOf(LocalProcessBackend.class);
            assertThat(context.findBeanDefinition(KubernetesBackend.class)).isEmpty();
            assertThat(context.findBeanDefinition(KubernetesConfig.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(ApiClient.class)).isEmpty();
        }
    }

    @Test
    void shouldRunPodsThroughMicronautsClientAndLeaveThemWhenTheBackendIsKubernetes() {
        try (var cluster = new MockCluster()) {
            var url = cluster.apiClient().getBasePath();
            var namespace = cluster.namespace("wiring");
            var spec = KubernetesSpecs.fresh();
            try (var context = ApplicationContext.builder().properties(properties(Map.of(
                    "executor.backend", "kubernetes",
                    "executor.kubernetes.namespace", namespace.name(),
                    "kubernetes.client.base-path", url))).start()) {
                var backend = context.getBean(Backend.class);
                assertThat(backend).isInstanceOf(KubernetesBackend.class);
                assertThat(context.getBean(KubernetesConfig.class).deleteGracePeriod())
                        .isEqualTo(Duration.ofSeconds(30));

                backend.start(spec, new RecordingListener());

                await().atMost(Duration.ofSeconds(15)).until(() -> namespace.pod(PodNames.of(spec)) != null);
            }
            assertThat(namespace.pod(PodNames.of(spec))).as("a stopped executor leaves its pods").isNotNull();
        }
    }

    /** The test database, and an executor that claims nothing (only its wiring is looked at). */
    private static Map<String, Object> properties(Map<String, Object> extra) {
        var properties = new HashMap<String, Object>(TestDatabase.get().properties());
        properties.put("executor.enabled", "false");
        properties.putAll(extra);
        return properties;
    }
}

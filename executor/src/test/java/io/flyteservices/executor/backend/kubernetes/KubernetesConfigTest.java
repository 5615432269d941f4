package io.flyteservices.executor.backend.kubernetes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesConfigTest {

    @Test
    void shouldAcceptADnsLabelNamespaceAndAKnownPullPolicy() {
        var config = new KubernetesConfig("flyte-tasks", "runner", "IfNotPresent", Duration.ofSeconds(10));

        assertThat(config.namespace()).isEqualTo("flyte-tasks");
    }

    @Test
    void shouldNameTheKeyWhenTheNamespaceIsNotADnsLabel() {
        assertThatThrownBy(() -> new KubernetesConfig("Flyte_Tasks", null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("executor.kubernetes.namespace");
    }

    @Test
    void shouldNameTheKeyWhenThePullPolicyIsUnknown() {
        assertThatThrownBy(() -> new KubernetesConfig("flyte", null, "Sometimes", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("executor.kubernetes.imagePullPolicy");
    }

    @Test
    void shouldNameTheKeyWhenTheGracePeriodIsNegative() {
        assertThatThrownBy(() -> new KubernetesConfig("flyte", null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("executor.kubernetes.deleteGracePeriod");
    }
}

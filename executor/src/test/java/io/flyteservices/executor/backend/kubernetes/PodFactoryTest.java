package io.flyteservices.executor.backend.kubernetes;

import flyteidl2.core.ExtendedResources;
import flyteidl2.core.GPUAccelerator;
import flyteidl2.core.K8sObjectMetadata;
import flyteidl2.core.Resources;
import flyteidl2.core.Resources.ResourceName;
import flyteidl2.core.Sql;
import flyteidl2.core.TaskMetadata;
import flyteidl2.core.TaskTemplate;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodFactoryTest {

    private static final ActionKey ACTION = new ActionKey(new RunKey("org", "proj", "dev", "run1"), "a1");

    private final PodFactory factory = new PodFactory(KubernetesConfig.inNamespace("flyte"));

    @Test
    void shouldSetLimitAlongsideWhenOnlyAGpuRequestIsGiven() throws Exception {
        var pod = build(withResources(Resources.newBuilder()
                .addRequests(entry(ResourceName.CPU, "2"))
                .addRequests(entry(ResourceName.GPU, "1"))
                .build()));

        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getRequests()).containsOnlyKeys("cpu", "nvidia.com/gpu");
        assertThat(resources.getLimits()).containsOnly(Map.entry("nvidia.com/gpu", new Quantity("1")));
    }

    @Test
    void shouldUseTheAcceleratorsDevicePluginWhenTemplateNamesOne() throws Exception {
        var template = withResources(Resources.newBuilder().addLimits(entry(ResourceName.GPU, "2")).build())
                .toBuilder()
                .setExtendedResources(ExtendedResources.newBuilder().setGpuAccelerator(
                        GPUAccelerator.newBuilder().setDeviceClass(GPUAccelerator.DeviceClass.AMD_GPU)))
                .build();

        assertThat(build(template).getSpec().getContainers().getFirst().getResources().getLimits())
                .containsOnly(Map.entry("amd.com/gpu", new Quantity("2")));
    }

    @Test
    void shouldPreferEphemeralStorageWhenStorageIsAlsoGiven() throws Exception {
        var pod = build(withResources(Resources.newBuilder()
                .addLimits(entry(ResourceName.EPHEMERAL_STORAGE, "2Gi"))
                .addLimits(entry(ResourceName.STORAGE, "5Gi"))
                .addRequests(entry(ResourceName.STORAGE, "1Gi"))
                .build()));

        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getLimits()).containsOnly(Map.entry("ephemeral-storage", new Quantity("2Gi")));
        assertThat(resources.getRequests()).containsOnly(Map.entry("ephemeral-storage", new Quantity("1Gi")));
    }

    @Test
    void shouldLeaveResourcesOutWhenTemplateHasNone() throws Exception {
        var pod = build(KubernetesSpecs.template(List.of("true"), List.of()));

        assertThat(pod.getSpec().getContainers().getFirst().getResources()).isNull();
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isNull();
    }

    @Test
    void shouldRoundTheDeadlineUpWhenTimeoutHasFractionsOfASecond() throws Exception {
        var spec = spec(KubernetesSpecs.template(List.of("true"), List.of()), Duration.ofMillis(1500));

        assertThat(factory.build(spec, "p").getSpec().getActiveDeadlineSeconds()).isEqualTo(2L);
    }

    @Test
    void shouldKeepOurLabelsWhenTemplateLabelsCollideWithThem() throws Exception {
        var template = KubernetesSpecs.template(List.of("true"), List.of()).toBuilder()
                .setMetadata(TaskMetadata.newBuilder().setMetadata(K8sObjectMetadata.newBuilder()
                        .putLabels(PodFactory.MANAGED_BY_LABEL, "someone-else")
                        .putLabels(PodFactory.RUN_LABEL, "spoofed")
                        .putLabels("team", "ml")
                        .putAnnotations(PodFactory.ATTEMPT_ID_ANNOTATION, "spoofed")))
                .build();

        var metadata = build(template).getMetadata();

        assertThat(metadata.getLabels()).containsEntry(PodFactory.MANAGED_BY_LABEL, PodFactory.MANAGED_BY)
                .containsEntry(PodFactory.RUN_LABEL, "run1")
                .containsEntry("team", "ml");
        assertThat(metadata.getAnnotations()).containsEntry(PodFactory.ATTEMPT_ID_ANNOTATION, "org/proj/dev/run1/a1/1");
    }

    @Test
    void shouldUseServiceAccountAndPullPolicyWhenConfigured() throws Exception {
        var configured = new PodFactory(new KubernetesConfig("flyte", "tasks", "Always", Duration.ZERO));

        var pod = configured.build(spec(KubernetesSpecs.template(List.of("true"), List.of()), Duration.ZERO), "p");

        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("tasks");
        assertThat(pod.getSpec().getContainers().getFirst().getImagePullPolicy()).isEqualTo("Always");
    }

    @Test
    void shouldRefuseWhenTemplateHasNoImage() {
        var template = KubernetesSpecs.template(List.of("true"), List.of()).toBuilder()
                .setContainer(KubernetesSpecs.template(List.of("true"), List.of()).getContainer().toBuilder()
                        .setImage(" "))
                .build();

        assertThatThrownBy(() -> build(template)).isInstanceOf(PodFactory.UnrunnableSpec.class)
                .hasMessage("task template has no container image");
    }

    @Test
    void shouldRefuseWhenTemplateIsNotAContainerTask() {
        var template = TaskTemplate.newBuilder().setSql(Sql.newBuilder().setStatement("select 1")).build();

        assertThatThrownBy(() -> build(template)).isInstanceOf(PodFactory.UnrunnableSpec.class)
                .hasMessageContaining("no container");
    }

    @Test
    void shouldRefuseWhenAResourceQuantityIsInvalid() {
        var template = withResources(Resources.newBuilder().addLimits(entry(ResourceName.MEMORY, "lots")).build());

        assertThatThrownBy(() -> build(template)).isInstanceOf(PodFactory.UnrunnableSpec.class)
                .hasMessage("invalid resource quantity MEMORY=lots");
    }

    private V1Pod build(TaskTemplate template) throws PodFactory.UnrunnableSpec {
        return factory.build(spec(template, Duration.ZERO), "p");
    }

    private static AttemptSpec spec(TaskTemplate template, Duration timeout) {
        return KubernetesSpecs.spec(ACTION, 1, template, Map.of(), timeout);
    }

    private static TaskTemplate withResources(Resources resources) {
        var template = KubernetesSpecs.template(List.of("true"), List.of());
        return template.toBuilder().setContainer(template.getContainer().toBuilder().setResources(resources)).build();
    }

    private static Resources.ResourceEntry entry(ResourceName name, String value) {
        return Resources.ResourceEntry.newBuilder().setName(name).setValue(value).build();
    }
}

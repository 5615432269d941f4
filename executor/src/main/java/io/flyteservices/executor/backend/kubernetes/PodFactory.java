package io.flyteservices.executor.backend.kubernetes;

import flyteidl2.core.GPUAccelerator;
import flyteidl2.core.Resources;
import flyteidl2.core.TaskLog;
import io.flyteservices.executor.backend.AttemptEnvironment;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.Placeholders;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the pod of one attempt from its task template: the container's image, command and args (placeholders
 * substituted), the attempt's environment and the resources; {@code restartPolicy: Never}, since a failed attempt
 * is retried by the executor as a new attempt, and the task timeout as {@code activeDeadlineSeconds}.
 */
final class PodFactory {

    /** The one container of every attempt pod. */
    static final String CONTAINER = "task";

    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "flyte-executor";
    /** Selects every pod this backend follows. */
    static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;
    static final String PROJECT_LABEL = "flyteservices.io/project";
    static final String DOMAIN_LABEL = "flyteservices.io/domain";
    static final String RUN_LABEL = "flyteservices.io/run";
    static final String ACTION_LABEL = "flyteservices.io/action";
    static final String ATTEMPT_LABEL = "flyteservices.io/attempt";
    /** The full {@link AttemptSpec#attemptId()}, which labels may have to shorten. */
    static final String ATTEMPT_ID_ANNOTATION = "flyteservices.io/attempt-id";

    /** A task template the backend cannot turn into a pod; the message says why. */
    static final class UnrunnableSpec extends Exception {
        UnrunnableSpec(String message) {
            super(message);
        }
    }

    private final KubernetesConfig config;

    PodFactory(KubernetesConfig config) {
        this.config = config;
    }

    /** The pod named {@code podName} for {@code spec}, ready to be created. */
    V1Pod build(AttemptSpec spec, String podName) throws UnrunnableSpec {
        var template = spec.template();
        if (!template.hasContainer()) {
            throw new UnrunnableSpec("task template has no container (only container tasks run on Kubernetes)");
        }
        var container = template.getContainer();
        if (container.getImage().isBlank()) {
            throw new UnrunnableSpec("task template has no container image");
        }
        var placeholders = Placeholders.of(spec);
        var main = new V1Container()
                .name(CONTAINER)
                .image(container.getImage())
                .command(placeholders.substitute(container.getCommandList()))
                .args(placeholders.substitute(container.getArgsList()))
                .env(AttemptEnvironment.of(spec).entrySet().stream()
                        .map(e -> new V1EnvVar().name(e.getKey()).value(e.getValue()))
                        .toList())
                .resources(resources(container.getResources(), gpuResourceName(spec)))
                .imagePullPolicy(config.imagePullPolicy())
                // The end of the log becomes the termination message of a failed container: the failure's message.
                .terminationMessagePolicy("FallbackToLogsOnError");
        var podSpec = new V1PodSpec()
                .restartPolicy("Never")
                .containers(List.of(main))
                .serviceAccountName(config.serviceAccount());
        if (!spec.timeout().isZero()) {
            podSpec.activeDeadlineSeconds(ceilSeconds(spec.timeout()));
        }
        // apiVersion and kind are not filled in by the client; servers and mocks that dispatch on them need them.
        return new V1Pod()
                .apiVersion("v1")
                .kind("Pod")
                .metadata(new V1ObjectMeta()
                        .name(podName)
                        .namespace(config.namespace())
                        .labels(labels(spec))
                        .annotations(annotations(spec)))
                .spec(podSpec);
    }

    /** Where the logs of pod {@code podName} are: its container's log in the API ({@code pods/<pod>/log}). */
    static List<TaskLog> logs(String namespace, String podName) {
        return List.of(TaskLog.newBuilder()
                .setName("pod")
                .setUri("k8s://" + namespace + "/pods/" + podName + "/log")
                .setMessageFormat(TaskLog.MessageFormat.UNKNOWN)
                .build());
    }

    /** The template's labels, then ours: ours win, since the backend finds its pods by them. */
    private static Map<String, String> labels(AttemptSpec spec) {
        var labels = new LinkedHashMap<String, String>();
        if (spec.template().getMetadata().hasMetadata()) {
            labels.putAll(spec.template().getMetadata().getMetadata().getLabelsMap());
        }
        var run = spec.action().run();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(PROJECT_LABEL, PodNames.labelValue(run.project()));
        labels.put(DOMAIN_LABEL, PodNames.labelValue(run.domain()));
        labels.put(RUN_LABEL, PodNames.labelValue(run.name()));
        labels.put(ACTION_LABEL, PodNames.labelValue(spec.action().name()));
        labels.put(ATTEMPT_LABEL, Integer.toString(spec.attempt()));
        return labels;
    }

    private static Map<String, String> annotations(AttemptSpec spec) {
        var annotations = new LinkedHashMap<String, String>();
        if (spec.template().getMetadata().hasMetadata()) {
            annotations.putAll(spec.template().getMetadata().getMetadata().getAnnotationsMap());
        }
        annotations.put(ATTEMPT_ID_ANNOTATION, spec.attemptId());
        return annotations;
    }

    private static V1ResourceRequirements resources(Resources resources, String gpu) throws UnrunnableSpec {
        var requests = quantities(resources.getRequestsList(), gpu);
        var limits = quantities(resources.getLimitsList(), gpu);
        // Kubernetes accepts extended resources (GPUs) only as limits; a GPU request alone is meant as both.
        if (requests.containsKey(gpu)) {
            limits.putIfAbsent(gpu, requests.get(gpu));
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return null;
        }
        var requirements = new V1ResourceRequirements();
        if (!requests.isEmpty()) {
            requirements.requests(requests);
        }
        if (!limits.isEmpty()) {
            requirements.limits(limits);
        }
        return requirements;
    }

    private static Map<String, Quantity> quantities(List<Resources.ResourceEntry> entries, String gpu)
            throws UnrunnableSpec {
        var quantities = new LinkedHashMap<String, Quantity>();
        for (var entry : entries) {
            var name = switch (entry.getName()) {
                case CPU -> "cpu";
                case MEMORY -> "memory";
                case GPU -> gpu;
                // Containers have no "storage" resource; STORAGE is the older name of their scratch space.
                case STORAGE, EPHEMERAL_STORAGE -> "ephemeral-storage";
                case UNKNOWN, UNRECOGNIZED -> null;
            };
            if (name == null || entry.getValue().isBlank()) {
                continue;
            }
            if (entry.getName() == Resources.ResourceName.STORAGE && quantities.containsKey(name)) {
                continue;
            }
            try {
                quantities.put(name, new Quantity(entry.getValue().strip()));
            } catch (RuntimeException e) {
                throw new UnrunnableSpec("invalid resource quantity " + entry.getName() + "=" + entry.getValue());
            }
        }
        return quantities;
    }

    /** The device plugin resource of the template's GPU accelerator; NVIDIA's when none is given. */
    private static String gpuResourceName(AttemptSpec spec) {
        var template = spec.template();
        if (!template.hasExtendedResources() || !template.getExtendedResources().hasGpuAccelerator()) {
            return "nvidia.com/gpu";
        }
        GPUAccelerator.DeviceClass deviceClass = template.getExtendedResources().getGpuAccelerator().getDeviceClass();
        return switch (deviceClass) {
            case GOOGLE_TPU -> "google.com/tpu";
            case AMAZON_NEURON -> "aws.amazon.com/neuron";
            case AMD_GPU -> "amd.com/gpu";
            case HABANA_GAUDI -> "habana.ai/gaudi";
            case NVIDIA_GPU, UNRECOGNIZED -> "nvidia.com/gpu";
        };
    }

    private static long ceilSeconds(Duration timeout) {
        var seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

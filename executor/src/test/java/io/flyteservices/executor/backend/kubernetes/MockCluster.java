package io.flyteservices.executor.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode on loopback, with an official-client {@link ApiClient} for the backend
 * and a fabric8 client with which the test plays kubelet (setting pod statuses) and posts Events.
 */
final class MockCluster implements AutoCloseable {

    static final String NAMESPACE = "flyte";

    /** Kept so the level sticks: the mock logs every request through java.util.logging at INFO. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient kubelet;

    MockCluster() {
        MOCK_LOG.setLevel(Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        kubelet = server.createClient();
    }

    /** A client of the official library for this server, as micronaut-kubernetes would build one. */
    ApiClient apiClient() {
        var url = server.url("/");
        return new ClientBuilder().setBasePath(url.substring(0, url.length() - 1)).build();
    }

    /** A backend on this server with the given settle time and a quick backoff. */
    KubernetesBackend backend(Duration settle) {
        return new KubernetesBackend(apiClient(), KubernetesConfig.inNamespace(NAMESPACE), settle,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    /** The pod named {@code name}, or null. */
    Pod pod(String name) {
        return kubelet.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    /** Every pod of the namespace. */
    List<Pod> pods() {
        return kubelet.pods().inNamespace(NAMESPACE).list().getItems();
    }

    void deletePod(String name) {
        kubelet.pods().inNamespace(NAMESPACE).withName(name).delete();
    }

    /** Replaces the pod's status, as kubelet does. */
    void setStatus(String podName, PodStatus status) {
        var pod = pod(podName);
        if (pod == null) {
            throw new AssertionError("no pod " + podName);
        }
        pod.setStatus(status);
        kubelet.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    /** Posts an Event about pod {@code podName} and returns it. */
    Event postEvent(String podName, String reason, String message, Instant at) {
        return postEvent("Pod", podName, reason, message, at);
    }

    Event postEvent(String kind, String name, String reason, String message, Instant at) {
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + UUID.randomUUID())
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(name)
                .withNamespace(NAMESPACE)
                .endInvolvedObject()
                .withReason(reason)
                .withMessage(message)
                .withType("Normal")
                .withCount(1)
                .withFirstTimestamp(at.toString())
                .withLastTimestamp(at.toString())
                .build();
        return kubelet.v1().events().inNamespace(NAMESPACE).resource(event).create();
    }

    /** Records a repeat of {@code event}, as the server does: same object, higher count, later timestamp. */
    Event repeatEvent(Event event, int count, Instant at) {
        var current = kubelet.v1().events().inNamespace(NAMESPACE).withName(event.getMetadata().getName()).get();
        current.setCount(count);
        current.setLastTimestamp(at.toString());
        return kubelet.v1().events().inNamespace(NAMESPACE).resource(current).update();
    }

    static PodStatus unschedulable(String message) {
        return new PodStatusBuilder().withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage(message).build())
                .build();
    }

    static PodStatus scheduled() {
        return new PodStatusBuilder().withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .build();
    }

    static PodStatus running() {
        return new PodStatusBuilder().withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(PodFactory.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now()).endRunning()
                                .build())
                        .build())
                .build();
    }

    static PodStatus succeeded() {
        return terminated("Succeeded", 0, "Completed", null);
    }

    static PodStatus exited(int exitCode, String reason, String message) {
        return terminated("Failed", exitCode, reason, message);
    }

    /** A pod failed as a whole (evicted, past its deadline): a pod-level reason and message. */
    static PodStatus podFailed(String reason, String message) {
        return new PodStatusBuilder().withPhase("Failed").withReason(reason).withMessage(message).build();
    }

    private static PodStatus terminated(String phase, int exitCode, String reason, String message) {
        return new PodStatusBuilder().withPhase(phase)
                .withContainerStatuses(new ContainerStatusBuilder().withName(PodFactory.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                .withReason(reason).withMessage(message).withStartedAt(now())
                                .withFinishedAt(now()).endTerminated().build())
                        .build())
                .build();
    }

    private static String now() {
        return Instant.now().toString();
    }

    @Override
    public void close() {
        kubelet.close();
        server.destroy();
    }
}

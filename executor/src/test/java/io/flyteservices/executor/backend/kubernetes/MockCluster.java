package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
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

    /**
     * The namespace {@code name} of this server. <b>Tests use a namespace each</b>: the mock blocks its event loop
     * for up to a minute when a watch closes while an update is being sent to it, so a backend closing must not see
     * another test's traffic.
     */
    Namespace namespace(String name) {
        return new Namespace(name);
    }

    /** Pods and Events of one namespace, and backends working in it. */
    final class Namespace {

        private final String name;

        private Namespace(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        /** A backend in this namespace with the given settle time and a quick backoff. */
        KubernetesBackend backend(Duration settle) {
            return new KubernetesBackend(apiClient(), KubernetesConfig.inNamespace(name), settle,
                    new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        }

        /** The pod named {@code podName}, or null. */
        Pod pod(String podName) {
            return kubelet.pods().inNamespace(name).withName(podName).get();
        }

        /** Every pod of the namespace. */
        List<Pod> pods() {
            return kubelet.pods().inNamespace(name).list().getItems();
        }

        void deletePod(String podName) {
            kubelet.pods().inNamespace(name).withName(podName).delete();
        }

        /** Replaces the pod's status, as kubelet does. */
        void setStatus(String podName, PodStatus status) {
            var pod = pod(podName);
            if (pod == null) {
                throw new AssertionError("no pod " + podName);
            }
            pod.setStatus(status);
            kubelet.pods().inNamespace(name).resource(pod).updateStatus();
        }

        /** Posts an Event about pod {@code podName} and returns it. */
        Event postEvent(String podName, String reason, String message, Instant at) {
            return postEvent("Pod", podName, reason, message, at);
        }

        Event postEvent(String kind, String objectName, String reason, String message, Instant at) {
            var event = new EventBuilder()
                    .withNewMetadata()
                    .withName(objectName + "." + UUID.randomUUID())
                    .withNamespace(name)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withKind(kind)
                    .withName(objectName)
                    .withNamespace(name)
                    .endInvolvedObject()
                    .withReason(reason)
                    .withMessage(message)
                    .withType("Normal")
                    .withCount(1)
                    .withFirstTimestamp(at.toString())
                    .withLastTimestamp(at.toString())
                    .build();
            return kubelet.v1().events().inNamespace(name).resource(event).create();
        }

        /** Records a repeat of {@code event}, as the server does: same object, higher count, later timestamp. */
        Event repeatEvent(Event event, int count, Instant at) {
            var current = kubelet.v1().events().inNamespace(name).withName(event.getMetadata().getName()).get();
            current.setCount(count);
            current.setLastTimestamp(at.toString());
            return kubelet.v1().events().inNamespace(name).resource(current).update();
        }
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
                .withContainerStatuses(container()
                        .withReady(true)
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
                .withContainerStatuses(container()
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                                .withReason(reason).withMessage(message).withStartedAt(now())
                                .withFinishedAt(now()).endTerminated().build())
                        .build())
                .build();
    }

    /** A container status with the fields kubelet always sets. */
    private static ContainerStatusBuilder container() {
        return new ContainerStatusBuilder().withName(PodFactory.CONTAINER)
                .withImage("docker.io/library/busybox:1.36")
                .withImageID("docker.io/library/busybox@sha256:0123")
                .withReady(false)
                .withRestartCount(0);
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

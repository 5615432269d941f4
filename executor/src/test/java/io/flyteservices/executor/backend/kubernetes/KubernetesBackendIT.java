package io.flyteservices.executor.backend.kubernetes;

import flyteidl2.core.Container;
import flyteidl2.core.K8sObjectMetadata;
import flyteidl2.core.KeyValuePair;
import flyteidl2.core.Resources;
import flyteidl2.core.Resources.ResourceName;
import flyteidl2.core.TaskLog;
import flyteidl2.core.TaskMetadata;
import flyteidl2.core.TaskTemplate;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The backend against fabric8's mock API server, with the test playing kubelet. */
class KubernetesBackendIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofMillis(300);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static MockCluster server;

    private final List<KubernetesBackend> backends = new ArrayList<>();
    private final MockCluster.Namespace cluster = server.namespace("test" + NAMESPACES.incrementAndGet());

    @BeforeAll
    static void startCluster() {
        server = new MockCluster();
    }

    @AfterAll
    static void stopCluster() {
        server.close();
    }

    @AfterEach
    void closeBackends() {
        backends.forEach(KubernetesBackend::close);
    }

    @Test
    void shouldCreatePodWithNameLabelsAndContainerSpecWhenStarted() {
        var action = new ActionKey(new RunKey("org", "proj", "dev", "spec-run"), "a1");
        var template = TaskTemplate.newBuilder()
                .setMetadata(TaskMetadata.newBuilder().setMetadata(K8sObjectMetadata.newBuilder()
                        .putLabels("team", "ml")
                        .putAnnotations("note", "from the template")))
                .setContainer(Container.newBuilder()
                        .setImage("ghcr.io/acme/task:1.2")
                        .addAllCommand(List.of("python", "-m", "task"))
                        .addAllArgs(List.of("--inputs", "{{.Input}}", "--out", "{{ .OutputPrefix }}",
                                "--key", "{{.PerRetryUniqueKey}}", "{{.Unknown}}"))
                        .addEnv(KeyValuePair.newBuilder().setKey("FROM_CONTAINER").setValue("c1"))
                        .setResources(Resources.newBuilder()
                                .addRequests(entry(ResourceName.CPU, "500m"))
                                .addRequests(entry(ResourceName.MEMORY, "1Gi"))
                                .addLimits(entry(ResourceName.MEMORY, "2Gi"))
                                .addLimits(entry(ResourceName.GPU, "1"))
                                .addLimits(entry(ResourceName.EPHEMERAL_STORAGE, "10Gi"))))
                .build();
        var spec = KubernetesSpecs.spec(action, 2, template, Map.of("FROM_RUN", "r1"), Duration.ofSeconds(90));
        var listener = new RecordingListener();

        backend().start(spec, listener);

        var name = PodNames.of(action, 2);
        var pod = awaitPod(name);
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(cluster.name());
        assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "flyte-executor",
                "flyteservices.io/project", "proj",
                "flyteservices.io/domain", "dev",
                "flyteservices.io/run", "spec-run",
                "flyteservices.io/action", "a1",
                "flyteservices.io/attempt", "2",
                "team", "ml"));
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("flyteservices.io/attempt-id", "org/proj/dev/spec-run/a1/2")
                .containsEntry("note", "from the template");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(90L);
        assertThat(pod.getSpec().getContainers()).hasSize(1);
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo("task");
        assertThat(container.getImage()).isEqualTo("ghcr.io/acme/task:1.2");
        assertThat(container.getCommand()).containsExactly("python", "-m", "task");
        assertThat(container.getArgs()).containsExactly("--inputs", spec.inputUri(), "--out", spec.outputPrefix(),
                "--key", "spec-run-a1-2", "{{.Unknown}}");
        assertThat(container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)))
                .containsEntry("FROM_RUN", "r1")
                .containsEntry("FROM_CONTAINER", "c1")
                .containsEntry("ACTION_NAME", "a1")
                .containsEntry("RUN_NAME", "spec-run")
                .containsEntry("_U_RUN_BASE", spec.runBase())
                .containsEntry("INPUT_URI", spec.inputUri())
                .containsEntry("OUTPUT_PREFIX", spec.outputPrefix())
                .containsEntry("RAW_OUTPUT_DATA_PREFIX", spec.rawOutputDataPrefix())
                .containsEntry("FLYTE_ATTEMPT_ID", "org/proj/dev/spec-run/a1/2");
        assertThat(amounts(container.getResources().getRequests()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", "500m", "memory", "1Gi"));
        assertThat(amounts(container.getResources().getLimits())).containsExactlyInAnyOrderEntriesOf(
                Map.of("memory", "2Gi", "nvidia.com/gpu", "1", "ephemeral-storage", "10Gi"));
        await().atMost(WAIT).until(() -> !listener.events().isEmpty());
        assertThat(listener.events().getFirst())
                .isEqualTo(new BackendEvent.WaitingForResources(name, "pod not scheduled yet"));
    }

    @Test
    void shouldReportWaitingInitializingStartedThenSucceededWhenKubeletMovesThePodAlong() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        awaitPod(name);
        awaitKinds(listener, "WaitingForResources");
        cluster.setStatus(name, MockCluster.unschedulable("0/3 nodes are available"));
        cluster.setStatus(name, MockCluster.scheduled());
        awaitKinds(listener, "WaitingForResources", "Initializing");
        cluster.setStatus(name, MockCluster.running());
        awaitKinds(listener, "WaitingForResources", "Initializing", "Started");
        cluster.setStatus(name, MockCluster.succeeded());

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(listener.kinds()).containsExactly("WaitingForResources", "Initializing", "Started", "Finished");
        var logs = List.of(TaskLog.newBuilder().setName("pod")
                .setUri("k8s://" + cluster.name() + "/pods/" + name + "/log").build());
        assertThat(listener.of(BackendEvent.Initializing.class)).containsExactly(new BackendEvent.Initializing(name));
        assertThat(listener.of(BackendEvent.Started.class)).containsExactly(new BackendEvent.Started(name, logs));
        assertThat(listener.of(BackendEvent.Finished.class))
                .containsExactly(new BackendEvent.Finished(new AttemptOutcome.Succeeded(), logs));
    }

    @Test
    void shouldNeverGoBackNorRepeatWhenStatusesArriveLateOrTwice() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        awaitKinds(listener, "WaitingForResources", "Started");
        cluster.setStatus(name, MockCluster.scheduled());
        cluster.setStatus(name, MockCluster.running());
        cluster.setStatus(name, MockCluster.succeeded());

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(listener.kinds()).containsExactly("WaitingForResources", "Started", "Finished");
    }

    @Test
    void shouldReportStartedBeforeFinishedWhenOnlyTheEndOfAFastPodWasSeen() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        awaitPod(name);
        cluster.setStatus(name, MockCluster.succeeded());

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(listener.kinds()).containsExactly("WaitingForResources", "Started", "Finished");
    }

    @Test
    void shouldFailAsUserErrorWithExitCodeWhenTheContainerExitsNonZero() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        cluster.setStatus(name, MockCluster.exited(3, "Error", "ValueError: boom\n"));

        assertThat(attempt.outcome()).succeedsWithin(WAIT)
                .isEqualTo(new AttemptOutcome.Failed(ErrorKind.USER, "exit code 3: ValueError: boom"));
        assertThat(listener.kinds()).endsWith("Started", "Finished");
    }

    @Test
    void shouldTimeOutWhenThePodExceedsItsDeadline() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);

        var attempt = backend().start(spec, new RecordingListener());

        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        cluster.setStatus(name, MockCluster.podFailed("DeadlineExceeded",
                "Pod was active on the node longer than the specified deadline"));

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.TimedOut());
    }

    @Test
    void shouldFailAsSystemErrorWhenThePodIsEvicted() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);

        var attempt = backend().start(spec, new RecordingListener());

        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        cluster.setStatus(name, MockCluster.podFailed("Evicted", "The node was low on resource: memory."));

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Failed(ErrorKind.SYSTEM,
                "Evicted: The node was low on resource: memory."));
    }

    @Test
    void shouldFailAsSystemErrorWhenSomeoneElseDeletesTheRunningPod() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);

        var attempt = backend().start(spec, new RecordingListener());

        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        cluster.deletePod(name);

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Failed(ErrorKind.SYSTEM,
                "pod " + name + " was deleted before it finished"));
    }

    @Test
    void shouldReportEventsAboutItsOwnPodOnlyOnceEachAndBeforeFinishedWhenEventsArePosted() {
        var backend = backend();
        var specA = KubernetesSpecs.fresh();
        var specB = KubernetesSpecs.fresh();
        var nameA = PodNames.of(specA);
        var nameB = PodNames.of(specB);
        var listenerA = new RecordingListener();
        var listenerB = new RecordingListener();
        var attemptA = backend.start(specA, listenerA);
        backend.start(specB, listenerB);
        awaitPod(nameA);
        awaitPod(nameB);
        var pulledAt = Instant.parse("2026-01-02T03:04:05Z");

        var pulled = cluster.postEvent(nameA, "Pulled", "Successfully pulled image \"busybox:1.36\"", pulledAt);
        var assigned = "Successfully assigned " + cluster.name() + "/" + nameB + " to node-1";
        cluster.postEvent(nameB, "Scheduled", assigned, pulledAt);
        cluster.postEvent("Node", nameA, "NodeNotReady", "about a node of the same name", pulledAt);
        await().atMost(WAIT).until(() -> listenerA.of(BackendEvent.ClusterEvent.class).size() == 1);
        var repeatedAt = pulledAt.plusSeconds(30);
        cluster.repeatEvent(pulled, 2, repeatedAt);
        await().atMost(WAIT).until(() -> listenerA.of(BackendEvent.ClusterEvent.class).size() == 2);
        // Posted right before the pod ends: it travels on the event watch and must still come before Finished.
        var killedAt = pulledAt.plusSeconds(60);
        cluster.postEvent(nameA, "Killing", "Stopping container task", killedAt);
        cluster.setStatus(nameA, MockCluster.succeeded());

        assertThat(attemptA.outcome()).succeedsWithin(WAIT);
        assertThat(listenerA.of(BackendEvent.ClusterEvent.class)).containsExactly(
                new BackendEvent.ClusterEvent(pulledAt, "Pulled: Successfully pulled image \"busybox:1.36\""),
                new BackendEvent.ClusterEvent(repeatedAt,
                        "Pulled: Successfully pulled image \"busybox:1.36\" (x2)"),
                new BackendEvent.ClusterEvent(killedAt, "Killing: Stopping container task"));
        assertThat(listenerA.kinds()).last().isEqualTo("Finished");
        await().atMost(WAIT).until(() -> listenerB.of(BackendEvent.ClusterEvent.class).size() == 1);
        assertThat(listenerB.of(BackendEvent.ClusterEvent.class)).containsExactly(new BackendEvent.ClusterEvent(
                pulledAt, "Scheduled: " + assigned));
    }

    @Test
    void shouldDeleteThePodAndReportAbortedWhenAborted() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var listener = new RecordingListener();
        var attempt = backend().start(spec, listener);
        awaitPod(name);
        cluster.setStatus(name, MockCluster.running());
        awaitKinds(listener, "WaitingForResources", "Started");

        attempt.abort();

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Aborted());
        assertThat(cluster.pod(name)).isNull();
        attempt.abort();
        assertThat(listener.kinds()).containsExactly("WaitingForResources", "Started", "Finished");
    }

    @Test
    void shouldLeaveNoPodWhenAbortedRightAfterStart() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);

        var attempt = backend().start(spec, new RecordingListener());
        attempt.abort();

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Aborted());
        // A create in flight when abort came lands later and is deleted then: the pod must stay gone.
        await().atMost(WAIT).during(Duration.ofMillis(500)).until(() -> cluster.pod(name) == null);
    }

    @Test
    void shouldAdoptThePodWithItsEventsAndOutcomeWhenARestartedExecutorAdoptsIt() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var before = backend();
        var beforeListener = new RecordingListener();
        before.start(spec, beforeListener);
        var uid = awaitPod(name).getMetadata().getUid();
        cluster.setStatus(name, MockCluster.running());
        var pulledAt = Instant.parse("2026-02-03T04:05:06Z");
        cluster.postEvent(name, "Pulled", "Container image already present", pulledAt);
        await().atMost(WAIT).until(() -> beforeListener.of(BackendEvent.ClusterEvent.class).size() == 1);

        before.close();
        assertThat(cluster.pod(name)).as("a stopping executor leaves its pods").isNotNull();
        var after = backend();
        var listener = new RecordingListener();
        var adopted = after.adopt(spec, listener);

        assertThat(adopted).isPresent();
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.events()).contains(
                new BackendEvent.Started(name, PodFactory.logs(cluster.name(), name)),
                new BackendEvent.ClusterEvent(pulledAt, "Pulled: Container image already present")));
        assertThat(podsNamed(name)).extracting(p -> p.getMetadata().getUid()).containsExactly(uid);
        cluster.setStatus(name, MockCluster.succeeded());
        assertThat(adopted.get().outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Succeeded());
        assertThat(listener.kinds()).first().isEqualTo("Started");
        assertThat(listener.kinds()).last().isEqualTo("Finished");
        // Listed, then sent again when the watch opened: still reported once.
        assertThat(listener.of(BackendEvent.ClusterEvent.class)).containsExactly(
                new BackendEvent.ClusterEvent(pulledAt, "Pulled: Container image already present"));
        assertThat(beforeListener.kinds()).doesNotContain("Finished");
    }

    @Test
    void shouldReportTheEndAtOnceWhenTheAdoptedPodHasAlreadyEnded() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var before = backend();
        before.start(spec, new RecordingListener());
        awaitPod(name);
        before.close();
        cluster.setStatus(name, MockCluster.exited(2, "Error", null));

        var adopted = backend().adopt(spec, new RecordingListener());

        assertThat(adopted).isPresent();
        assertThat(adopted.get().outcome()).succeedsWithin(WAIT)
                .isEqualTo(new AttemptOutcome.Failed(ErrorKind.USER, "exit code 2"));
    }

    @Test
    void shouldFollowTheExistingPodInsteadOfCreatingASecondWhenStartFindsIt() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var before = backend();
        before.start(spec, new RecordingListener());
        var uid = awaitPod(name).getMetadata().getUid();
        cluster.setStatus(name, MockCluster.running());
        before.close();
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        awaitKinds(listener, "Started");
        assertThat(podsNamed(name)).extracting(p -> p.getMetadata().getUid()).containsExactly(uid);
        cluster.setStatus(name, MockCluster.succeeded());
        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Succeeded());
    }

    @Test
    void shouldAdoptNothingWhenTheAttemptHasNoPod() {
        var spec = KubernetesSpecs.fresh();

        assertThat(backend().adopt(spec, new RecordingListener())).isEmpty();
        assertThat(cluster.pod(PodNames.of(spec))).isNull();
    }

    @Test
    void shouldDeleteTheOrphanPodWhenStopOrphanIsCalled() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var before = backend();
        before.start(spec, new RecordingListener());
        awaitPod(name);
        before.close();
        var after = backend();

        after.stopOrphan(spec.action(), spec.attempt());

        await().atMost(WAIT).until(() -> cluster.pod(name) == null);
        after.stopOrphan(spec.action(), spec.attempt());
    }

    @Test
    void shouldFailAsSystemErrorWithoutAPodWhenTheTemplateHasNoImage() {
        var fresh = KubernetesSpecs.fresh();
        var template = fresh.template().toBuilder()
                .setContainer(fresh.template().getContainer().toBuilder().clearImage())
                .build();
        var spec = KubernetesSpecs.spec(fresh.action(), 1, template, Map.of(), Duration.ZERO);
        var listener = new RecordingListener();

        var attempt = backend().start(spec, listener);

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(
                new AttemptOutcome.Failed(ErrorKind.SYSTEM, "task template has no container image"));
        assertThat(listener.events()).containsExactly(new BackendEvent.Finished(
                new AttemptOutcome.Failed(ErrorKind.SYSTEM, "task template has no container image"), List.of()));
        assertThat(cluster.pod(PodNames.of(spec))).isNull();
    }

    private KubernetesBackend backend() {
        var backend = cluster.backend(SETTLE);
        backends.add(backend);
        return backend;
    }

    private Pod awaitPod(String name) {
        return await().atMost(WAIT).until(() -> cluster.pod(name), pod -> pod != null);
    }

    private static void awaitKinds(RecordingListener listener, String... kinds) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.kinds()).containsExactly(kinds));
    }

    private List<Pod> podsNamed(String name) {
        return cluster.pods().stream().filter(p -> p.getMetadata().getName().equals(name)).toList();
    }

    private static Map<String, String> amounts(Map<String, Quantity> quantities) {
        return quantities.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
    }

    private static Resources.ResourceEntry entry(ResourceName name, String value) {
        return Resources.ResourceEntry.newBuilder().setName(name).setValue(value).build();
    }
}

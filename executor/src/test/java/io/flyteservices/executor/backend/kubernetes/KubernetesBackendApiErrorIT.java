package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.flyteservices.executor.backend.BackendEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the backend meets an API server that refuses or fails, played by {@link StubApiServer}. */
class KubernetesBackendApiErrorIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final StubApiServer server = new StubApiServer();
    private final KubernetesBackend backend = new KubernetesBackend(server.apiClient(),
            KubernetesConfig.inNamespace("flyte"), Duration.ZERO,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    KubernetesBackendApiErrorIT() throws IOException {
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    void shouldFailAsSystemErrorWithTheServersMessageWhenTheApiRefusesThePod() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        server.onCreate(new StubApiServer.Answer(422, StubApiServer.status(422,
                "Pod \"" + name + "\" is invalid: metadata.labels: Invalid value")));

        var attempt = backend.start(spec, new RecordingListener());

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Failed(ErrorKind.SYSTEM,
                "cannot create pod " + name + ": HTTP 422: Pod \"" + name + "\" is invalid: metadata.labels: "
                        + "Invalid value"));
        assertThat(server.createCount()).isEqualTo(1);
    }

    @Test
    void shouldRetryAndThenFailAsSystemErrorWhenTheApiStaysUnavailable() {
        var spec = KubernetesSpecs.fresh();
        server.onCreate(new StubApiServer.Answer(503, StubApiServer.status(503, "etcd leader changed")));

        var attempt = backend.start(spec, new RecordingListener());

        assertThat(attempt.outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Failed(ErrorKind.SYSTEM,
                "cannot create pod " + PodNames.of(spec) + ": HTTP 503: etcd leader changed"));
        assertThat(server.createCount()).isEqualTo(KubernetesBackend.CREATE_TRIES);
    }

    @Test
    void shouldCreateThePodWhenTheApiRecoversWithinTheTries() {
        var spec = KubernetesSpecs.fresh();
        var name = PodNames.of(spec);
        var busy = new StubApiServer.Answer(429, StubApiServer.status(429, "too many requests"));
        server.onCreate(busy, busy, new StubApiServer.Answer(201, StubApiServer.pod(name, "Pending")));
        var listener = new RecordingListener();

        var attempt = backend.start(spec, listener);

        await().atMost(WAIT).until(() -> !listener.events().isEmpty());
        assertThat(listener.events()).containsExactly(
                new BackendEvent.WaitingForResources(name, "pod not scheduled yet"));
        assertThat(server.createCount()).isEqualTo(3);
        assertThat(attempt.outcome()).isNotDone();
    }

    @Test
    void shouldFollowThePodAnywayWhenItCannotBeReadForAdoptionAndFailWhenItTurnsOutGone() {
        var spec = KubernetesSpecs.fresh();
        server.onRead(new StubApiServer.Answer(500, StubApiServer.status(500, "internal error")),
                new StubApiServer.Answer(404, StubApiServer.status(404, "not found")));

        var adopted = backend.adopt(spec, new RecordingListener());

        assertThat(adopted).isPresent();
        assertThat(adopted.get().outcome()).succeedsWithin(WAIT).isEqualTo(new AttemptOutcome.Failed(
                ErrorKind.SYSTEM, "pod " + PodNames.of(spec) + " was deleted before it finished"));
    }
}

package io.flyteservices.executor.backend.kubernetes;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LenientJsonTest {

    /** A pod as a newer server may send it: a status field client-java 22 lacks, a container status cut short. */
    private static final String NEWER_POD = """
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "p1", "resourceVersion": "7", "creationTimestamp": "2026-01-02T03:04:05Z"},
             "status": {"phase": "Failed", "observedGenerationFromTheFuture": 3,
                        "containerStatuses": [{"name": "task",
                                               "state": {"terminated": {"exitCode": 3, "reason": "Error",
                                                                        "stopSignal": "SIGTERM"}}}]}}
            """;

    @Test
    void shouldReadAPodWhenItHasFieldsTheModelsLackOrMissesRequiredOnes() {
        var pod = LenientJson.GSON.fromJson(NEWER_POD, V1Pod.class);

        assertThat(pod.getMetadata().getName()).isEqualTo("p1");
        assertThat(pod.getMetadata().getCreationTimestamp()).isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05Z"));
        assertThat(pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isEqualTo(3);
        assertThat(PodStates.of(pod)).map(PodState::rank).contains(4);
    }

    @Test
    void shouldBeNeededBecauseTheClientsOwnReaderRejectsSuchAPod() {
        assertThatThrownBy(() -> new JSON().deserialize(NEWER_POD, V1Pod.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeATimestampWithoutOffsetAsUtcAndDropAnUnreadableOne() {
        var pod = LenientJson.GSON.fromJson("""
                {"metadata": {"creationTimestamp": "2026-01-02T03:04:05.5", "deletionTimestamp": "soon"}}
                """, V1Pod.class);

        assertThat(pod.getMetadata().getCreationTimestamp())
                .isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05.5Z"));
        assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
    }
}

package io.flyteservices.executor.backend;

import com.google.protobuf.Duration;
import flyteidl2.core.TaskMetadata;
import flyteidl2.core.TaskTemplate;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttemptSpecTest {

    private static final ActionKey ACTION = new ActionKey(new RunKey("", "p", "d", "r1"), "a3");

    @Test
    void shouldTakeTimeoutFromTemplateMetadataWhenSet() {
        var template = TaskTemplate.newBuilder()
                .setMetadata(TaskMetadata.newBuilder().setTimeout(Duration.newBuilder().setSeconds(90).setNanos(5)))
                .build();

        assertThat(AttemptSpec.timeoutOf(template)).isEqualTo(java.time.Duration.ofSeconds(90, 5));
    }

    @Test
    void shouldHaveNoTimeoutWhenTemplateSetsNone() {
        var withMetadata = TaskTemplate.newBuilder().setMetadata(TaskMetadata.getDefaultInstance()).build();

        assertThat(AttemptSpec.timeoutOf(TaskTemplate.getDefaultInstance())).isZero();
        assertThat(AttemptSpec.timeoutOf(withMetadata)).isZero();
    }

    @Test
    void shouldUseTemplateTimeoutWhenBuiltByFactory() {
        var template = TaskTemplate.newBuilder()
                .setMetadata(TaskMetadata.newBuilder().setTimeout(Duration.newBuilder().setSeconds(7)))
                .build();

        var spec = AttemptSpec.of(ACTION, 1, template, Map.of(), "file:///in/inputs.pb", "file:///out/", "file:///raw/",
                "file:///base/", Path.of("/tmp/w"));

        assertThat(spec.timeout()).isEqualTo(java.time.Duration.ofSeconds(7));
    }

    @Test
    void shouldBuildOutputPrefixFromRunBaseActionAndAttempt() {
        assertThat(AttemptSpec.outputPrefixOf("s3://b/run/", ACTION, 2)).isEqualTo("s3://b/run/a3/2/");
        assertThat(AttemptSpec.outputPrefixOf("s3://b/run", ACTION, 2)).isEqualTo("s3://b/run/a3/2/");
    }

    @Test
    void shouldBuildPerRetryUniqueKeyFromRunActionAndAttempt() {
        assertThat(spec(2).perRetryUniqueKey()).isEqualTo("r1-a3-2");
    }

    @Test
    void shouldRejectAttemptBelowOneWhenConstructed() {
        assertThatThrownBy(() -> spec(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempt");
    }

    @Test
    void shouldCopyEnvironmentWhenConstructed() {
        var env = new HashMap<>(Map.of("A", "1"));
        var spec = new AttemptSpec(ACTION, 1, TaskTemplate.getDefaultInstance(), env, "i", "o", "r", "b",
                java.time.Duration.ZERO, Path.of("/tmp/w"));

        env.put("B", "2");

        assertThat(spec.env()).containsExactly(Map.entry("A", "1"));
    }

    private static AttemptSpec spec(int attempt) {
        return new AttemptSpec(ACTION, attempt, TaskTemplate.getDefaultInstance(), Map.of(), "i", "o", "r", "b",
                java.time.Duration.ZERO, Path.of("/tmp/w"));
    }
}

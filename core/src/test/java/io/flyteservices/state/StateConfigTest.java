package io.flyteservices.state;

import io.flyteservices.testkit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding of the {@code state} keys (context on the test database: core's eager beans need one). */
class StateConfigTest {

    @Test
    void shouldDefaultToOneMebibyteWhenNothingConfigured() {
        try (ApplicationContext context = ApplicationContext.run(TestDatabase.get().properties())) {
            assertThat(context.getBean(StateConfig.class).maxStateSizeBytes()).isEqualTo(1_048_576);
        }
    }

    @Test
    void shouldBindMaxStateSizeWhenConfiguredInKebabCase() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.get().properties());
        properties.put("state.max-state-size-bytes", "4096");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            assertThat(context.getBean(StateConfig.class).maxStateSizeBytes()).isEqualTo(4096);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void shouldRejectConfigWhenMaxStateSizeIsNotPositive(int bytes) {
        assertThatThrownBy(() -> new StateConfig(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.maxStateSizeBytes");
    }
}

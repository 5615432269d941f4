package io.flyteservices.validation;

import io.flyteservices.error.ControlPlaneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Run names: DNS-1035 labels of at most 30 characters (BEHAVIOR, Conventions). */
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "r1", "my-run", "a-1-b", "abc123", "rbcdfghjklmnpqrstvwxz2", "z9"})
    void shouldAcceptNameWhenItIsADns1035Label(String name) {
        assertThatCode(() -> Names.requireRunName("run_id.name", name)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptNameWhenItHasExactlyThirtyCharacters() {
        assertThatCode(() -> Names.requireRunName("run_id.name", "a".repeat(29) + "1")).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectNameWhenItHasThirtyOneCharacters() {
        assertThatThrownBy(() -> Names.requireRunName("run_id.name", "a".repeat(31)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("run_id.name: ")
                .hasMessageContaining("30")
                .hasMessageContaining("31");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Run", "1run", "-run", "run-", "my_run", "my.run", "my run", "r\u00e9", "run\n",
            "run;drop", "r--", "0"})
    void shouldRejectNameWhenItIsNotADns1035Label(String name) {
        assertThatThrownBy(() -> Names.requireRunName("run_id.name", name))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("run_id.name: ");
    }

    @Test
    void shouldNameTheGivenFieldWhenRejecting() {
        assertThatThrownBy(() -> Names.requireRunName("spec.name", "Bad"))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("spec.name: ")
                .hasMessageContaining("'Bad'");
    }
}

package io.flyteservices.cli;

import flyteidl2.common.RunIdentifier;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    @Test
    void shouldTakeOptionsThenEnvironmentThenDefaultsWhenResolving() {
        Map<String, String> env = Map.of("FLYTE_PROJECT", "envp", "FLYTE_DOMAIN", "envd", "FLYTE_ORG", "envo");

        assertThat(Scope.of(null, null, null, env)).isEqualTo(new Scope("envo", "envp", "envd"));
        assertThat(Scope.of("o", "p", "d", env)).isEqualTo(new Scope("o", "p", "d"));
        assertThat(Scope.of(null, "p", null, Map.of())).isEqualTo(new Scope("", "p", "development"));
    }

    @Test
    void shouldAskForAProjectWhenNoneIsGivenOrSet() {
        assertThatThrownBy(() -> Scope.of(null, null, null, Map.of()))
                .hasMessage("no project: give --project or set FLYTE_PROJECT");
        assertThatThrownBy(() -> Scope.of(null, " ", null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadNameOrPathWhenResolvingARun() {
        assertThat(Scope.run("r1", null, "p", null, Map.of())).isEqualTo(id("", "p", "development", "r1"));
        assertThat(Scope.run("p/d/r1", null, null, null, Map.of())).isEqualTo(id("", "p", "d", "r1"));
        assertThat(Scope.run("p/d/r1", null, "p", "d", Map.of("FLYTE_PROJECT", "other")))
                .isEqualTo(id("", "p", "d", "r1"));
        assertThat(Scope.run("o/p/d/r1", null, null, null, Map.of())).isEqualTo(id("o", "p", "d", "r1"));
    }

    @Test
    void shouldRejectPathsThatContradictOptionsOrAreMalformed() {
        assertThatThrownBy(() -> Scope.run("p/d/r1", null, "q", null, Map.of()))
                .hasMessageContaining("is in project 'p' but --project says 'q'");
        assertThatThrownBy(() -> Scope.run("p//r1", null, null, null, Map.of()))
                .hasMessageContaining("expected NAME, PROJECT/DOMAIN/NAME");
        assertThatThrownBy(() -> Scope.run("a/b", null, null, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scope.run("r1", null, null, null, Map.of())).hasMessageContaining("no project");
    }

    @Test
    void shouldPrintTheFormRunCommandsTakeBackWhenShowingARun() {
        assertThat(Scope.show(id("", "p", "d", "r"))).isEqualTo("p/d/r");
        assertThat(Scope.show(id("o", "p", "d", "r"))).isEqualTo("o/p/d/r");
        assertThat(Scope.run(Scope.show(id("o", "p", "d", "r")), null, null, null, Map.of()))
                .isEqualTo(id("o", "p", "d", "r"));
    }

    private static RunIdentifier id(String org, String project, String domain, String name) {
        return RunIdentifier.newBuilder().setOrg(org).setProject(project).setDomain(domain).setName(name).build();
    }
}

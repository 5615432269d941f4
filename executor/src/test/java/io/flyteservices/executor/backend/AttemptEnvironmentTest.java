package io.flyteservices.executor.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void shouldExportReservedVariablesWhenBuilt() {
        var env = AttemptEnvironment.of(Specs.spec(dir, Specs.shell("true")));

        assertThat(env).containsEntry("ACTION_NAME", "a1")
                .containsEntry("RUN_NAME", "run7")
                .containsEntry("_U_RUN_BASE", dir.resolve("base") + "/")
                .containsEntry("INPUT_URI", dir.resolve("in/inputs.pb").toString())
                .containsEntry("INPUT_PREFIX", dir.resolve("in").toString())
                .containsEntry("OUTPUT_PREFIX", dir.resolve("out") + "/")
                .containsEntry("RAW_OUTPUT_DATA_PREFIX", dir.resolve("raw") + "/");
    }

    @Test
    void shouldLetContainerEnvOverrideRunSpecEnvWhenBothSetAVariable() {
        var template = Specs.shell("true", Specs.pair("SHARED", "container"), Specs.pair("ONLY_CONTAINER", "c"));
        var spec = Specs.spec(dir, template, Map.of("SHARED", "run", "ONLY_RUN", "r"), Duration.ZERO);

        assertThat(AttemptEnvironment.of(spec)).containsEntry("SHARED", "container")
                .containsEntry("ONLY_CONTAINER", "c")
                .containsEntry("ONLY_RUN", "r");
    }

    @Test
    void shouldKeepReservedVariablesWhenTaskTriesToOverrideThem() {
        var template = Specs.shell("true", Specs.pair("ACTION_NAME", "spoofed"));
        var spec = Specs.spec(dir, template, Map.of("RUN_NAME", "spoofed"), Duration.ZERO);

        assertThat(AttemptEnvironment.of(spec)).containsEntry("ACTION_NAME", "a1").containsEntry("RUN_NAME", "run7");
    }
}

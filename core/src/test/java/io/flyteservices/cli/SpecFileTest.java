package io.flyteservices.cli;

import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.RunSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecFileTest {

    private static final String TASK = """
            {"shortName": "hello", "taskTemplate": {"type": "container",
              "container": {"image": "busybox", "command": ["echo", "hi"]}}}""";
    private static final String REQUEST = """
            {"runId": {"project": "examples", "domain": "staging", "name": "ex-hello"}, "taskSpec": %s}"""
            .formatted(TASK);

    @Test
    void shouldTellRequestsFromTaskSpecsByTheirTopLevelFields() {
        assertThat(SpecFile.detect(REQUEST, "f")).isEqualTo(SpecFile.Kind.CREATE_RUN_REQUEST);
        assertThat(SpecFile.detect("{\"task_spec\": " + TASK + "}", "f")).isEqualTo(SpecFile.Kind.CREATE_RUN_REQUEST);
        assertThat(SpecFile.detect(TASK, "f")).isEqualTo(SpecFile.Kind.TASK_SPEC);
        assertThat(SpecFile.detect("{\"task_template\": {}}", "f")).isEqualTo(SpecFile.Kind.TASK_SPEC);
    }

    @Test
    void shouldWrapATaskSpecInARequestWhenFileHoldsOnlyTheSpec() {
        CreateRunRequest request = SpecFile.parse(TASK, "f");

        assertThat(request.getTaskSpec().getShortName()).isEqualTo("hello");
        assertThat(request.getTaskSpec().getTaskTemplate().getContainer().getCommandList()).containsExactly("echo",
                "hi");
        assertThat(request.hasRunId()).isFalse();
    }

    @Test
    void shouldFailAsUnusableDataWhenSpecIsNotJsonNotAnObjectOfEitherKindOrHasUnknownFields() {
        assertThatThrownBy(() -> SpecFile.parse("{\"runId\": ", "bad.json"))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("spec bad.json is not a JSON object")
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(ExitCodes.DATA));
        assertThatThrownBy(() -> SpecFile.parse("[1]", "f")).hasMessageContaining("is not a JSON object");
        assertThatThrownBy(() -> SpecFile.parse("{\"name\": \"x\"}", "f"))
                .hasMessageContaining("neither a CreateRunRequest").hasMessageContaining("[name]");
        assertThatThrownBy(() -> SpecFile.parse("{\"taskSpec\": {}, \"colour\": 1}", "f"))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("not a valid CreateRunRequest")
                .hasMessageContaining("colour");
    }

    @Test
    void shouldLetOptionsOverrideTheSpecsRunIdWhenPlacing() {
        CreateRunRequest spec = SpecFile.parse(REQUEST, "f");

        CreateRunRequest kept = SpecFile.place(spec, null, null, null, null, Map.of("FLYTE_PROJECT", "envp"));
        CreateRunRequest moved = SpecFile.place(spec, null, "demo", null, "hello-2", Map.of());

        assertThat(kept.getRunId()).isEqualTo(id("examples", "staging", "ex-hello"));
        assertThat(moved.getRunId()).isEqualTo(id("demo", "staging", "hello-2"));
        assertThat(moved.getSource()).isEqualTo(RunSource.RUN_SOURCE_CLI);
        assertThat(moved.getTaskSpec()).isEqualTo(spec.getTaskSpec());
    }

    @Test
    void shouldLeaveTheNameToTheServerWhenNeitherSpecNorOptionsNameTheRun() {
        CreateRunRequest request = SpecFile.place(SpecFile.parse(TASK, "f"), null, "demo", null, null, Map.of());

        assertThat(request.hasRunId()).isFalse();
        assertThat(request.getProjectId()).isEqualTo(ProjectIdentifier.newBuilder().setOrganization("")
                .setName("demo").setDomain("development").build());
    }

    @Test
    void shouldRequireAProjectWhenSpecHasNone() {
        CreateRunRequest spec = SpecFile.parse(TASK, "f");

        assertThatThrownBy(() -> SpecFile.place(spec, null, null, null, "r", Map.of()))
                .isInstanceOf(CommandFailure.class).hasMessageContaining("give --project or set FLYTE_PROJECT");
        assertThat(SpecFile.place(spec, null, null, null, "r", Map.of("FLYTE_PROJECT", "envp")).getRunId())
                .isEqualTo(id("envp", "development", "r"));
    }

    @Test
    void shouldReadFilesAndStandardInputAndReportMissingFilesAsNoInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, REQUEST);
        InputStream stdin = new ByteArrayInputStream(TASK.getBytes(StandardCharsets.UTF_8));

        assertThat(SpecFile.read(file.toString(), InputStream.nullInputStream()).getRunId().getName())
                .isEqualTo("ex-hello");
        assertThat(SpecFile.read("-", stdin).getTaskSpec().getShortName()).isEqualTo("hello");
        assertThatThrownBy(() -> SpecFile.read(dir.resolve("nope.json").toString(), InputStream.nullInputStream()))
                .isInstanceOf(CommandFailure.class).hasMessageEndingWith("nope.json: no such file")
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(ExitCodes.NO_INPUT));
    }

    private static RunIdentifier id(String project, String domain, String name) {
        return RunIdentifier.newBuilder().setOrg("").setProject(project).setDomain(domain).setName(name).build();
    }
}

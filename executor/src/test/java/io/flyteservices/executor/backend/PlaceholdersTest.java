package io.flyteservices.executor.backend;

import flyteidl2.core.TaskTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceholdersTest {

    @TempDir
    Path dir;

    @Test
    void shouldSubstituteEveryKnownPlaceholderWhenPresent() {
        var placeholders = Placeholders.of(Specs.spec(dir, TaskTemplate.getDefaultInstance()));

        var result = placeholders.substitute(List.of(
                "{{.Input}}", "{{.InputPrefix}}", "{{.OutputPrefix}}", "{{.RawOutputDataPrefix}}",
                "--key={{.PerRetryUniqueKey}}"));

        assertThat(result).containsExactly(
                dir.resolve("in/inputs.pb").toString(),
                dir.resolve("in").toString(),
                dir.resolve("out") + "/",
                dir.resolve("raw") + "/",
                "--key=run7-a1-2");
    }

    @Test
    void shouldMatchNamesIgnoringCaseAndInnerSpacesWhenWrittenLoosely() {
        var placeholders = Placeholders.of(Specs.spec(dir, TaskTemplate.getDefaultInstance()));

        assertThat(placeholders.substitute("a {{ .input }} b {{.PERRETRYUNIQUEKEY}} c"))
                .isEqualTo("a " + dir.resolve("in/inputs.pb") + " b run7-a1-2 c");
    }

    @Test
    void shouldLeaveUnknownPlaceholdersAsTheyAreWhenNameIsNotKnown() {
        var placeholders = Placeholders.of(Specs.spec(dir, TaskTemplate.getDefaultInstance()));

        assertThat(placeholders.substitute("{{.Checkpoint}} {{ .nope }} {{Input}} {{.Input}}"))
                .isEqualTo("{{.Checkpoint}} {{ .nope }} {{Input}} " + dir.resolve("in/inputs.pb"));
    }

    @Test
    void shouldInsertValuesLiterallyWhenTheyContainRegexReplacementCharacters() {
        var spec = Specs.spec(Path.of("/tmp/$1\\x"), TaskTemplate.getDefaultInstance());

        assertThat(Placeholders.of(spec).substitute("{{.Input}}")).isEqualTo("/tmp/$1\\x/in/inputs.pb");
    }

    @Test
    void shouldTakeDirectoryOfUriWhenComputingInputPrefix() {
        assertThat(Placeholders.directoryOf("s3://bucket/run/a0/inputs.pb")).isEqualTo("s3://bucket/run/a0");
        assertThat(Placeholders.directoryOf("inputs.pb")).isEmpty();
    }
}

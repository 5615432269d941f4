package io.flyteservices.runs;

import io.flyteservices.model.RunKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorageLayoutTest {

    private final StorageLayout layout = new StorageLayout(new RunsConfig("file:///data/storage/", 16));

    @Test
    void shouldPlaceInputsUnderProjectDomainAndRunWhenOrgIsEmpty() {
        RunKey run = new RunKey("", "demo", "development", "r1");

        assertThat(layout.runOutputBase(run)).isEqualTo("file:///data/storage/demo/development/r1/");
        assertThat(layout.inputsUri(run)).isEqualTo("file:///data/storage/demo/development/r1/inputs/inputs.pb");
    }

    @Test
    void shouldLeadWithOrgWhenOrgIsSet() {
        assertThat(layout.runOutputBase(new RunKey("acme", "demo", "dev", "r1")))
                .isEqualTo("file:///data/storage/acme/demo/dev/r1/");
    }

    @Test
    void shouldKeepEachNameOneSegmentWhenNamesContainSlashesOrDots() {
        assertThat(StorageLayout.segment("../../etc")).isEqualTo("..~2f..~2fetc");
        assertThat(StorageLayout.segment("..")).isEqualTo("~2e~2e");
        assertThat(StorageLayout.segment(".")).isEqualTo("~2e");
        assertThat(StorageLayout.segment("a b~c")).isEqualTo("a~20b~7ec");
        assertThat(StorageLayout.segment("ünï")).isEqualTo("~c3~bcn~c3~af");
        assertThat(layout.runOutputBase(new RunKey("", "../../tmp", "x/y", "r1")))
                .isEqualTo("file:///data/storage/..~2f..~2ftmp/x~2fy/r1/");
    }

    @Test
    void shouldFindInputsFileInsideUriWhenUriIsADirectory() {
        assertThat(StorageLayout.inputsFile("s3://b/run/a1").toString()).isEqualTo("s3://b/run/a1/inputs.pb");
        assertThat(StorageLayout.inputsFile("s3://b/run/a1/").toString()).isEqualTo("s3://b/run/a1/inputs.pb");
        assertThat(StorageLayout.inputsFile("s3://b/run/x.pb").toString()).isEqualTo("s3://b/run/x.pb");
        assertThat(StorageLayout.outputsFile("s3://b/run/a1/1/").toString()).isEqualTo("s3://b/run/a1/1/outputs.pb");
    }
}

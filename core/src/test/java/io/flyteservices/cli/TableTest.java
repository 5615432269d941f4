package io.flyteservices.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void shouldAlignColumnsToTheirWidestCellWithoutTrailingSpacesWhenRendered() {
        Table table = new Table("NAME", "PHASE", "ERROR")
                .row("a0", "SUCCEEDED", "")
                .row("a0-child-1", "FAILED", "exit code 1");

        assertThat(table.render()).isEqualTo("""
                NAME        PHASE      ERROR
                a0          SUCCEEDED
                a0-child-1  FAILED     exit code 1
                """);
    }

    @Test
    void shouldGiveAnsiCodesNoWidthWhenCellsAreColoured() {
        String green = Phases.styled(flyteidl2.workflow.Phase.PHASE_SUCCEEDED, true);
        Table table = new Table("PHASE", "N").row(green, "1").row("QUEUED", "2");

        List<String> lines = table.lines();

        assertThat(Table.width(green)).isEqualTo("SUCCEEDED".length());
        assertThat(lines.get(1)).isEqualTo(green + "  1");
        assertThat(lines.get(2)).isEqualTo("QUEUED     2");
    }

    @Test
    void shouldShowNullCellsAsDashAndPadMissingOnesWhenRowIsShort() {
        assertThat(new Table("A", "B", "C").row("x", null).render()).isEqualTo("A  B  C\nx  -\n");
        assertThatThrownBy(() -> new Table("A").row("1", "2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPadLabelsAndSkipNullValuesWhenRenderingFields() {
        String fields = Table.fields(List.of(new String[]{"Run", "p/d/r"}, new String[]{"Error", null},
                new String[]{"Duration", "1.2s"}));

        assertThat(fields).isEqualTo("Run       p/d/r\nDuration  1.2s\n");
    }
}

package io.flyteservices.executor.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Figures as a Markdown table: printed, and written to {@code target/faults/<name>.md} for RELIABILITY.md. */
final class FigureTable {

    private final String name;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    FigureTable(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    FigureTable add(Object... values) {
        List<String> row = new ArrayList<>();
        for (Object v : values) {
            row.add(format(v));
        }
        rows.add(row);
        return this;
    }

    static String format(Object v) {
        return switch (v) {
            case null -> "—";
            case java.time.Duration d -> d.toMillis() < 1000 ? d.toMillis() + " ms"
                    : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
            case Double d -> String.format(Locale.ROOT, "%.1f", d);
            default -> v.toString();
        };
    }

    String markdown() {
        StringBuilder out = new StringBuilder(line(columns));
        out.append(line(columns.stream().map(c -> "---").toList()));
        rows.forEach(r -> out.append(line(r)));
        return out.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    /** Prints the table and writes it (with {@code notes} below it) to {@code target/faults/<name>.md}. */
    void write(String notes) throws IOException {
        String text = "## " + name + "\n\n" + markdown() + (notes.isEmpty() ? "" : "\n" + notes + "\n");
        System.out.println(text);
        Path dir = Path.of("target", "faults");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), text);
    }
}

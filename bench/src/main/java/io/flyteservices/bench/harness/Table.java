package io.flyteservices.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A benchmark's figures: printed as an aligned table and written as CSV under {@code bench/results/}. Numbers are
 * formatted once, here, so the table and the CSV agree.
 */
public final class Table {

    private final String name;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String name, String... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns.size()
                    + " columns");
        }
        rows.add(Arrays.stream(values).map(Table::format).toList());
        return this;
    }

    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    /** Prints the table and writes {@code <results>/<name>.csv}; returns the CSV's path. */
    public Path report() {
        System.out.println();
        System.out.println("== " + name);
        System.out.print(render());
        Path csv = Results.dir().resolve(name + ".csv");
        try {
            Files.writeString(csv, csv());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("(written " + Results.relative(csv) + ")");
        return csv;
    }

    /** The table as Markdown, for BENCHMARKS.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| " + String.join(" | ", columns) + " |\n");
        md.append("|").append(" --- |".repeat(columns.size())).append("\n");
        rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        return md.toString();
    }

    String render() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> r : rows) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(line(columns, widths));
        rows.forEach(r -> out.append(line(r, widths)));
        return out.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", cells.get(c)));
            line.append(c == cells.size() - 1 ? "\n" : "  ");
        }
        return line.toString();
    }

    private String csv() {
        return String.join(",", columns) + "\n"
                + rows.stream().map(r -> r.stream().map(Table::quote).collect(Collectors.joining(",")))
                .collect(Collectors.joining("\n")) + "\n";
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            double a = Math.abs(d);
            return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", d);
        }
        if (value instanceof Float f) {
            return format(f.doubleValue());
        }
        return String.valueOf(value);
    }
}

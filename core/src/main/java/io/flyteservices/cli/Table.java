package io.flyteservices.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An aligned text table: columns two spaces apart, each as wide as its widest cell, no trailing spaces. ANSI
 * colour codes in a cell take no width, so coloured phases line up.
 */
final class Table {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; missing cells are empty, a null cell is {@code -}. */
    Table row(String... cells) {
        if (cells.length > headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>(Arrays.asList(cells));
        row.replaceAll(c -> c == null ? "-" : c);
        while (row.size() < headers.size()) {
            row.add("");
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header line and the rows, each line ending in a newline. */
    String render() {
        StringBuilder out = new StringBuilder();
        for (String line : lines()) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The header line, then one line per row. */
    List<String> lines() {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - width(cell))).append(GAP);
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Label-value lines ({@code Phase  SUCCEEDED}), labels padded to the longest; pairs with a null value skipped. */
    static String fields(List<String[]> pairs) {
        int width = 0;
        for (String[] pair : pairs) {
            if (pair[1] != null) {
                width = Math.max(width, pair[0].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (pair[1] != null) {
                out.append(pair[0]).append(" ".repeat(width - pair[0].length())).append(GAP).append(pair[1])
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** The width a string takes on screen: its length without ANSI escape sequences. */
    static int width(String s) {
        return ANSI.matcher(s).replaceAll("").length();
    }
}

package flyteidl2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of {@code flyteidl2-facts.md}, read line by line into plain records. Cells are kept as the text the
 * table shows (backticks removed), so a comparison can quote them back in its messages.
 */
record FactsTables(
        List<FileFacts> files,
        List<RpcFacts> rpcs,
        Map<String, String> sizes,
        List<ExternalImportFacts> externalImports) {

    /** One {@code ## `flyteidl2/....proto`} section. */
    record FileFacts(
            String path,
            String packageName,
            String syntax,
            List<String> imports,
            String goPackage,
            int messageCount,
            int enumCount,
            Map<String, List<FieldFacts>> messages,
            List<OneofFacts> oneofs,
            Map<String, String> reserved,
            Map<String, List<EnumValueFacts>> enums) {
    }

    /** One row of a field table; {@code label} and {@code rule} are empty when the cell is. */
    record FieldFacts(int number, String name, String type, String label, String rule) {
    }

    /** One {@code - oneof `Message.name` — ...} bullet. */
    record OneofFacts(String message, String name, boolean required) {
    }

    /** One row of an enum table; {@code note} is empty or {@code deprecated}. */
    record EnumValueFacts(int number, String name, String note) {
    }

    /** One row of the services table. */
    record RpcFacts(
            String service, String rpc, String request, String response, String kind, String path, String options) {
    }

    /** One row of the external imports table; {@code fieldTypeUses} maps a type name to its number of fields. */
    record ExternalImportFacts(String path, List<String> pulledInBy, Map<String, Integer> fieldTypeUses) {
    }

    private static final Pattern FILE_HEADING = Pattern.compile("^## `(flyteidl2/[\\w/]+\\.proto)`$");
    private static final Pattern PACKAGE = Pattern.compile("^- package: `([\\w.]+)`; syntax: (\\w+)$");
    private static final Pattern IMPORTS = Pattern.compile("^- imports: (.*)$");
    private static final Pattern GO_PACKAGE = Pattern.compile("^- options in source: `go_package: \"([^\"]+)\"`$");
    private static final Pattern COUNTS = Pattern.compile("^- (\\d+) messages, (\\d+) enums$");
    private static final Pattern ONEOF = Pattern.compile(
            "^- oneof `([\\w.]+)\\.(\\w+)` — (\\*\\*required\\*\\* \\(buf\\.validate\\.oneof\\)|not required)$");
    private static final Pattern RESERVES = Pattern.compile("^- `([\\w.]+)` reserves (.+)$");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
    /** {@code `google.protobuf.Timestamp` (20 fields)}, {@code `...BoolValue` (2)}, {@code (2 fields: A.x, B.y)}. */
    private static final Pattern TYPE_USE = Pattern.compile("`([\\w.]+)` \\((\\d+)(?: fields?)?(?:: [^)]*)?\\)");

    private enum Table { NONE, FIELDS, ENUM_VALUES, SERVICES, SIZES, EXTERNAL_IMPORTS }

    static FactsTables parse(Path markdown) throws IOException {
        var parser = new Parser();
        Files.readAllLines(markdown).forEach(parser::accept);
        return parser.result();
    }

    /** Line-driven state: the section and table the current line belongs to. */
    private static final class Parser {
        private final List<FileFacts> files = new ArrayList<>();
        private final List<RpcFacts> rpcs = new ArrayList<>();
        private final Map<String, String> sizes = new LinkedHashMap<>();
        private final List<ExternalImportFacts> externalImports = new ArrayList<>();
        private FileBuilder file;
        private Table table = Table.NONE;

        void accept(String rawLine) {
            var line = rawLine.strip();
            if (line.startsWith("## ")) {
                startSection(line);
            } else if (line.startsWith("|")) {
                acceptRow(cells(line));
            } else {
                table = Table.NONE;
                if (file != null && line.startsWith("- ")) {
                    file.acceptBullet(line);
                }
            }
        }

        private void startSection(String heading) {
            finishFile();
            table = Table.NONE;
            Matcher m = FILE_HEADING.matcher(heading);
            if (m.matches()) {
                file = new FileBuilder(m.group(1));
            }
        }

        private void acceptRow(List<String> cells) {
            if (cells.getFirst().startsWith("---")) {
                return;
            }
            Table header = headerKind(unquoted(cells));
            if (header != null) {
                table = header;
                return;
            }
            var plain = unquoted(cells);
            switch (table) {
                case FIELDS -> file.acceptFieldRow(plain);
                case ENUM_VALUES -> file.acceptEnumRow(plain);
                case SERVICES -> rpcs.add(new RpcFacts(
                        plain.get(0), plain.get(1), plain.get(2), plain.get(3), plain.get(4), plain.get(5),
                        plain.get(6)));
                case SIZES -> sizes.put(plain.get(0), plain.get(1));
                case EXTERNAL_IMPORTS -> externalImports.add(externalImport(cells));
                case NONE -> { }
            }
        }

        /** Recognises the header rows of the tables we read; {@code null} for data rows. */
        private Table headerKind(List<String> cells) {
            var head = String.join("|", cells);
            return switch (head) {
                case "message|#|field|type|label|rule" -> file == null ? Table.NONE : Table.FIELDS;
                case "enum|number|value|note" -> file == null ? Table.NONE : Table.ENUM_VALUES;
                case "service|rpc|request|response|streaming kind|Connect/gRPC path|method options" -> Table.SERVICES;
                case "item|count" -> Table.SIZES;
                case "import|pulled in by|types used as field types" -> Table.EXTERNAL_IMPORTS;
                default -> table == Table.NONE ? Table.NONE : null;
            };
        }

        private static ExternalImportFacts externalImport(List<String> rawCells) {
            Matcher path = QUOTED.matcher(rawCells.get(0));
            if (!path.find()) {
                throw new IllegalStateException("no import path in " + rawCells);
            }
            var pulledInBy = Arrays.stream(rawCells.get(1).replace("`", "").split(","))
                    .map(String::strip)
                    .map(name -> "flyteidl2/" + name + ".proto")
                    .toList();
            var uses = new LinkedHashMap<String, Integer>();
            Matcher use = TYPE_USE.matcher(rawCells.get(2));
            while (use.find()) {
                uses.put(use.group(1), Integer.parseInt(use.group(2)));
            }
            return new ExternalImportFacts(path.group(1), pulledInBy, uses);
        }

        FactsTables result() {
            finishFile();
            return new FactsTables(List.copyOf(files), List.copyOf(rpcs), Map.copyOf(sizes),
                    List.copyOf(externalImports));
        }

        private void finishFile() {
            if (file != null) {
                files.add(file.build());
                file = null;
            }
        }

        /** Splits a table row into cells, backticks kept (the external imports table needs them). */
        private static List<String> cells(String line) {
            var inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
            return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
        }
    }

    /** Collects one file section. */
    private static final class FileBuilder {
        private final String path;
        private String packageName = "";
        private String syntax = "";
        private List<String> imports = List.of();
        private String goPackage = "";
        private int messageCount = -1;
        private int enumCount = -1;
        private final Map<String, List<FieldFacts>> messages = new LinkedHashMap<>();
        private final List<OneofFacts> oneofs = new ArrayList<>();
        private final Map<String, String> reserved = new LinkedHashMap<>();
        private final Map<String, List<EnumValueFacts>> enums = new LinkedHashMap<>();

        FileBuilder(String path) {
            this.path = path;
        }

        void acceptBullet(String line) {
            Matcher m;
            if ((m = PACKAGE.matcher(line)).matches()) {
                packageName = m.group(1);
                syntax = m.group(2);
            } else if ((m = IMPORTS.matcher(line)).matches()) {
                imports = quotedTokens(m.group(1));
            } else if ((m = GO_PACKAGE.matcher(line)).matches()) {
                goPackage = m.group(1);
            } else if ((m = COUNTS.matcher(line)).matches()) {
                messageCount = Integer.parseInt(m.group(1));
                enumCount = Integer.parseInt(m.group(2));
            } else if ((m = ONEOF.matcher(line)).matches()) {
                oneofs.add(new OneofFacts(m.group(1), m.group(2), m.group(3).startsWith("**required**")));
            } else if ((m = RESERVES.matcher(line)).matches()) {
                reserved.put(m.group(1), m.group(2));
            }
        }

        void acceptFieldRow(List<String> cells) {
            var fields = messages.computeIfAbsent(cells.get(0), name -> new ArrayList<>());
            if (cells.get(1).equals("—")) {
                return; // "(no fields)"
            }
            fields.add(new FieldFacts(
                    Integer.parseInt(cells.get(1)), cells.get(2), cells.get(3), cells.get(4), cells.get(5)));
        }

        void acceptEnumRow(List<String> cells) {
            enums.computeIfAbsent(cells.get(0), name -> new ArrayList<>())
                    .add(new EnumValueFacts(Integer.parseInt(cells.get(1)), cells.get(2), cells.get(3)));
        }

        FileFacts build() {
            return new FileFacts(path, packageName, syntax, imports, goPackage, messageCount, enumCount,
                    messages, List.copyOf(oneofs), reserved, enums);
        }

        private static List<String> quotedTokens(String text) {
            var tokens = new ArrayList<String>();
            Matcher m = QUOTED.matcher(text);
            while (m.find()) {
                tokens.add(m.group(1));
            }
            return List.copyOf(tokens);
        }
    }

    private static List<String> unquoted(List<String> cells) {
        return cells.stream().map(cell -> cell.replace("`", "")).toList();
    }
}

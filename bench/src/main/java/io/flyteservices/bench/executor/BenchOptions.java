package io.flyteservices.bench.executor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --flag value} options with defaults and one line of help each; {@code --help} lists them. */
public final class BenchOptions {

    private record Option(String value, String help) {
    }

    private final String usage;
    private final Map<String, Option> options = new LinkedHashMap<>();

    public BenchOptions(String usage) {
        this.usage = usage;
    }

    public BenchOptions define(String flag, String defaultValue, String help) {
        options.put(flag, new Option(defaultValue, help));
        return this;
    }

    /** Reads {@code args}; prints the help and returns false on {@code --help}; unknown flags are refused. */
    public boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage);
                options.forEach((f, o) -> System.out.printf("  --%-18s %s (default: %s)%n", f, o.help(), o.value()));
                return false;
            }
            String flag = arg.startsWith("--") ? arg.substring(2) : null;
            if (flag == null || !options.containsKey(flag) || i + 1 == args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + arg + " (--help lists them)");
            }
            options.put(flag, new Option(args[++i], options.get(flag).help()));
        }
        return true;
    }

    public String string(String flag) {
        return options.get(flag).value();
    }

    public int integer(String flag) {
        return Integer.parseInt(string(flag));
    }

    public double number(String flag) {
        return Double.parseDouble(string(flag));
    }

    public List<String> list(String flag) {
        return Arrays.stream(string(flag).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code K=V,K=V} pairs (empty when the value is empty). */
    public Map<String, String> pairs(String flag) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : list(flag)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--" + flag + ": expected K=V, got " + pair);
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}

package io.flyteservices.bench.harness;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's {@code --flag value} options, each with a default and a line of help; {@code --help} lists them. */
public final class Flags {

    private record Option(String value, String help) {
    }

    private final String usage;
    private final Map<String, Option> options = new LinkedHashMap<>();

    public Flags(String usage) {
        this.usage = usage;
    }

    public Flags define(String flag, String defaultValue, String help) {
        options.put(flag, new Option(defaultValue, help));
        return this;
    }

    /** Reads {@code args}; prints the help and returns false on {@code --help}; unknown flags are refused. */
    public boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage);
                options.forEach((flag, o) -> System.out.printf("  --%-18s %s (default: %s)%n", flag, o.help(), o.value()));
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

    public boolean bool(String flag) {
        return Boolean.parseBoolean(string(flag));
    }

    /** A comma-separated list. */
    public List<String> list(String flag) {
        return Arrays.stream(string(flag).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public List<Integer> integers(String flag) {
        return list(flag).stream().map(Integer::parseInt).toList();
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

    /** A duration such as {@code 10s}, {@code 500ms} or {@code 2m}. */
    public Duration duration(String flag) {
        String v = string(flag);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }
}

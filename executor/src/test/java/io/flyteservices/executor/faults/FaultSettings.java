package io.flyteservices.executor.faults;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * How long and how hard the fault suite runs, from {@code -Dfaults.*} system properties or {@code FAULTS_*}
 * environment variables (bin/faults sets them): {@code rounds} of every fault (1, the short form CI runs),
 * {@code soak} duration (0: no soak), {@code sample-every} soak sample, {@code rate} runs created per second, and
 * {@code only} a comma-separated list of faults to run (all by default).
 */
record FaultSettings(int rounds, Duration soak, Duration sampleEvery, double rate, Set<Fault> faults) {

    static FaultSettings fromEnvironment() {
        String only = value("only", "");
        Set<Fault> faults = only.isBlank() ? EnumSet.allOf(Fault.class) : EnumSet.noneOf(Fault.class);
        Arrays.stream(only.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(s -> faults.add(Fault.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'))));
        return new FaultSettings(Integer.parseInt(value("rounds", "1")), duration(value("soak", "0")),
                duration(value("sample-every", "30s")), Double.parseDouble(value("rate", "5")), faults);
    }

    private static String value(String name, String fallback) {
        String property = System.getProperty("faults." + name);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("FAULTS_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return env == null || env.isBlank() ? fallback : env;
    }

    /** {@code 0}, {@code 90s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("a duration like 90s, 10m or 1h, got '" + text + "'");
        };
    }
}

package io.flyteservices.bench.write;

import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Latencies;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One pgbench round: a custom script at {@code -c N -j 2 -T secs -M prepared}, no vacuum, variables as {@code -D}.
 * Latency percentiles come from pgbench's per-transaction log ({@code --log}), so they are comparable with ours.
 */
public final class PgbenchRound {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    /** What pgbench did: transactions per second (without connection set-up), latencies, failures. */
    public record Result(double tps, Histogram latencies, long failed, String output) {
    }

    private PgbenchRound() {
    }

    public static Result run(BenchPostgres postgres, Path script, Map<String, String> variables, int concurrency,
                             Duration duration) throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory("flyte-pgbench");
        try {
            List<String> args = new ArrayList<>(List.of("-n", "-M", "prepared", "-c", String.valueOf(concurrency),
                    "-j", String.valueOf(Math.min(2, concurrency)), "-T", String.valueOf(duration.toSeconds()),
                    "--log", "--log-prefix=" + logs.resolve("tx"), "-f", script.toString()));
            variables.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
            String output = postgres.pgbench(args);
            Matcher tps = TPS.matcher(output);
            Matcher processed = PROCESSED.matcher(output);
            if (processed.find() && Long.parseLong(processed.group(1)) == 0) {
                // Seen at 256 clients on 2 cores: no transaction finished within the duration. pgbench prints no
                // tps then; the round's throughput is 0, not a failed benchmark.
                return new Result(0, latencies(logs), 0, output);
            }
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench output:\n" + output);
            }
            Matcher failed = FAILED.matcher(output);
            return new Result(Double.parseDouble(tps.group(1)), latencies(logs), failed.find()
                    ? Long.parseLong(failed.group(1)) : 0, output);
        } finally {
            try (Stream<Path> files = Files.walk(logs)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us (skipped ones say "skipped"). */
    private static Histogram latencies(Path logs) throws IOException {
        Latencies latencies = new Latencies();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.forEach(line -> {
                        String[] f = line.split(" ");
                        if (f.length >= 3 && f[2].chars().allMatch(Character::isDigit)) {
                            latencies.recordMicros(Long.parseLong(f[2]));
                        }
                    });
                }
            }
        }
        return latencies.snapshot();
    }
}

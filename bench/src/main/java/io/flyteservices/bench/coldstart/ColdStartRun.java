package io.flyteservices.bench.coldstart;

import io.flyteservices.bench.harness.BenchPostgres;
import io.flyteservices.bench.harness.Chart;
import io.flyteservices.bench.harness.Checkout;
import io.flyteservices.bench.harness.Machine;
import io.flyteservices.bench.harness.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cold-start benchmark: per configuration a training run where it needs one, then rounds of starts. Each round
 * starts every configuration once, in turn, so that a noisy moment on the machine is spread over all of them; the
 * first round is a warm-up (file cache, the client's own classes) and is not counted.
 */
public final class ColdStartRun {

    /** Command line options. */
    public record Options(int starts, List<String> configs, double target, boolean help) {

        public static final String USAGE = """
                usage: bench coldstart [--starts N] [--configs NAME,...] [--target SECONDS]
                  --starts N        measured starts per configuration (10), after one warm-up start
                  --configs LIST    which configurations, comma-separated (all): %s
                  --target SECONDS  the start-up target the ratios compare with (0.6)
                """.formatted(String.join(",", StartConfig.all().stream().map(StartConfig::name).toList()));

        public static Options parse(String[] args) {
            int starts = 10;
            List<String> configs = StartConfig.all().stream().map(StartConfig::name).toList();
            double target = 0.6;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return new Options(starts, configs, target, true);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--starts" -> starts = Integer.parseInt(value);
                    case "--configs" -> configs = Arrays.stream(value.split(",")).map(String::strip).toList();
                    case "--target" -> target = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (starts < 1) {
                throw new IllegalArgumentException("--starts must be at least 1");
            }
            return new Options(starts, configs, target, false);
        }
    }

    private final Options options;

    public ColdStartRun(Options options) {
        this.options = options;
    }

    public void run() throws Exception {
        List<StartConfig> configs = selected();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = Files.createDirectories(Checkout.target("bench").resolve("coldstart"));
        try (BenchPostgres postgres = BenchPostgres.start()) {
            System.out.println("cold start of functions: fork -> first served gRPC request (GetRunDetails, "
                    + "NOT_FOUND), " + options.starts() + " starts per configuration after one warm-up");
            System.out.println(Machine.describe(postgres));
            String databaseUrl = postgres.jdbcUrl();
            Map<StartConfig, List<String>> commands = new LinkedHashMap<>();
            for (StartConfig config : configs) {
                String classPath = ClassPaths.joined(ClassPaths.functions(config.smallClassPath()));
                long t = System.nanoTime();
                List<String> jvm = Training.prepare(config, java, classPath, databaseUrl, work);
                if (config.cache() != StartConfig.Cache.NONE) {
                    System.out.printf(Locale.ROOT, "trained %-28s %5.1f s  %s%n", config.name(),
                            (System.nanoTime() - t) / 1e9, String.join(" ", jvm));
                }
                commands.put(config, config.image() != null ? config.image().command(databaseUrl)
                        : ColdStart.command(java, jvm, classPath, databaseUrl));
            }
            Map<StartConfig, Summary> summaries = new LinkedHashMap<>();
            configs.forEach(c -> summaries.put(c, new Summary()));
            for (int round = 0; round <= options.starts(); round++) {
                for (StartConfig config : configs) {
                    Path log = work.resolve(config.name().replace('+', '-') + ".log");
                    ColdStart.Timing timing = ColdStart.run(commands.get(config), log);
                    if (round > 0) {
                        summaries.get(config).add(timing);
                    }
                }
                System.out.print(round == 0 ? "warm-up done; rounds:" : " " + round);
                System.out.flush();
            }
            System.out.println();
            report(summaries);
            System.out.println();
            System.out.println("image = the functions image as built (its entrypoint, options and AOT cache), "
                    + "started by infra/images/image-run with the pod's memory limit (" + ImageRun.POD_MEMORY + ").");
            System.out.println("plain = java -cp <functions class path> Launcher functions, the JVM's defaults. "
                    + "ratio to plain = median / plain's median; ratio to target = median / "
                    + options.target() + " s (<= 1 holds).");
        }
    }

    private List<StartConfig> selected() {
        List<StartConfig> all = StartConfig.all();
        List<StartConfig> chosen = new ArrayList<>();
        for (String name : options.configs()) {
            chosen.add(all.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown configuration " + name)));
        }
        return chosen;
    }

    private void report(Map<StartConfig, Summary> summaries) {
        Summary plain = summaries.entrySet().stream().filter(e -> e.getKey().name().equals("plain"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        double plainMedian = plain == null ? Double.NaN : plain.medianFirstRequest();
        Table table = new Table("coldstart", "config", "median s", "min s", "max s", "started line s",
                "/readyz s", "RSS MB", "ratio to plain", "ratio to target");
        Chart chart = Chart.of("functions cold start (median of " + options.starts() + ")", "configuration",
                "seconds from fork");
        StringBuilder bars = new StringBuilder();
        double longest = summaries.values().stream().mapToDouble(Summary::medianReady).max().orElse(1);
        summaries.forEach((config, s) -> {
            double median = s.medianFirstRequest();
            table.add(config.name(), median, s.minFirstRequest(), s.maxFirstRequest(), s.medianStarted(),
                    s.medianReady(), s.medianRss(), median / plainMedian, median / options.target());
            chart.bar("first served request", config.name(), median);
            chart.bar("/readyz 200", config.name(), s.medianReady());
            chart.bar("target", config.name(), options.target());
            bars.append(String.format(Locale.ROOT, "%-28s %s %.2f s%n", config.name(),
                    "#".repeat((int) Math.round(50 * median / longest)), median));
        });
        table.report();
        System.out.println();
        System.out.println("median fork -> first served request (target " + options.target() + " s = "
                + "#".repeat((int) Math.round(50 * options.target() / longest)) + ")");
        System.out.print(bars);
        chart.write("coldstart");
        System.out.println();
        System.out.print(table.markdown());
    }
}

package io.flyteservices.bench.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fan-out benchmark's options ({@code --flag value}). Each run is watched by {@code watchActionsPerRun}
 * WatchActions streams (the run page open in several browsers) and has {@code parentsPerRun} parent actions, each
 * watched by one StateService.Watch (the parent's SDK process watching its children), each parent with
 * {@code leavesPerParent} children whose status the benchmark keeps changing.
 */
public record FanOutOptions(List<Integer> streams, int rate, Duration warmUp, Duration duration, String gatewayXmx,
                            int channels, int watchActionsPerRun, int parentsPerRun, int leavesPerParent,
                            int writers, int openConcurrency, List<String> gatewayOptions) {

    static final String USAGE = """
            bin/bench fanout [options]
              --streams 1000,5000,10000   concurrent streams per round, half WatchActions, half StateService.Watch
              --rate 1000                 status updates written per second (each one change a watcher sees)
              --warmup 10                 seconds of writes before measuring
              --duration 20               measured seconds per round
              --gateway-xmx 1g            the gateway JVM's -Xmx (the heap target is 1 GiB)
              --channels 4                gRPC connections from the bench to the gateway (streams multiplex on them)
              --watch-actions-per-run 5   WatchActions streams on each run
              --parents-per-run 5         parent actions per run, each watched by one StateService.Watch
              --leaves-per-parent 2       children per parent whose status changes
              --writers 16                status updates in flight at once (and the writers' pool size)
              --open-concurrency 256      streams opening at once (waiting for their snapshot)
              --gateway-option OPT        an extra JVM option for the gateway (repeatable), e.g.
                                          -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile
            """;

    /** Parses {@code args}; returns null after printing the usage for {@code --help}. */
    public static FanOutOptions parse(String[] args) {
        List<Integer> streams = List.of(1000, 5000, 10000);
        int rate = 1000;
        Duration warmUp = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(20);
        String xmx = "1g";
        int channels = 4;
        int watchActions = 5;
        int parents = 5;
        int leaves = 2;
        int writers = 16;
        int open = 256;
        List<String> gatewayOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--streams" -> streams = parseList(value);
                case "--rate" -> rate = positive(flag, value);
                case "--warmup" -> warmUp = Duration.ofSeconds(Integer.parseInt(value));
                case "--duration" -> duration = Duration.ofSeconds(positive(flag, value));
                case "--gateway-xmx" -> xmx = value;
                case "--channels" -> channels = positive(flag, value);
                case "--watch-actions-per-run" -> watchActions = Integer.parseInt(value);
                case "--parents-per-run" -> parents = Integer.parseInt(value);
                case "--leaves-per-parent" -> leaves = positive(flag, value);
                case "--writers" -> writers = positive(flag, value);
                case "--open-concurrency" -> open = positive(flag, value);
                case "--gateway-option" -> gatewayOptions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (watchActions + parents <= 0 || parents <= 0) {
            throw new IllegalArgumentException("--parents-per-run must be > 0 (the written leaves hang off them)");
        }
        return new FanOutOptions(streams, rate, warmUp, duration, xmx, channels, watchActions, parents, leaves,
                writers, open, List.copyOf(gatewayOptions));
    }

    /** Streams on one run: its WatchActions streams and one StateService.Watch per parent. */
    public int streamsPerRun() {
        return watchActionsPerRun + parentsPerRun;
    }

    /** Runs needed for {@code streams} streams. */
    public int runsFor(int streams) {
        return Math.max(1, (streams + streamsPerRun() - 1) / streamsPerRun());
    }

    public int maxStreams() {
        return streams.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static List<Integer> parseList(String value) {
        List<Integer> list = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(s -> list.add(positive("--streams", s)));
        return List.copyOf(list);
    }

    private static int positive(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(flag + " must be > 0, got " + value);
        }
        return n;
    }
}

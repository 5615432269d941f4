package io.flyteservices.bench.executor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executors' {@code executor.claim.start} histogram (claim to RUNNING recorded), scraped from their
 * {@code /prometheus}: cumulative bucket counts summed over the executors, so the difference of two scrapes is
 * the histogram of what happened in between, and a percentile is read from it (the upper bound of its bucket).
 */
final class ClaimToStart {

    private static final Pattern BUCKET = Pattern.compile(
            "^executor_claim_start_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newHttpClient();

    /** Cumulative count per bucket upper bound (seconds), summed over the executors on {@code httpPorts}. */
    TreeMap<Double, Double> scrape(List<Integer> httpPorts) throws IOException, InterruptedException {
        TreeMap<Double, Double> sum = new TreeMap<>();
        for (int port : httpPorts) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = BUCKET.matcher(body);
            while (m.find()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                sum.merge(le, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return sum;
    }

    /** The {@code p}-th percentile in ms of what was recorded between {@code before} and {@code after}. */
    static double percentileMillis(Map<Double, Double> before, TreeMap<Double, Double> after, double p) {
        double total = after.lastEntry() == null ? 0
                : after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = total * p / 100;
        for (var e : after.entrySet()) {
            double count = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (count >= rank) {
                return e.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}

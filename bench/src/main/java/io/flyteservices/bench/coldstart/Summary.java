package io.flyteservices.bench.coldstart;

import java.util.ArrayList;
import java.util.List;

/** The measured starts of one configuration: median, min and max of each figure. */
final class Summary {

    private final List<ColdStart.Timing> starts = new ArrayList<>();

    void add(ColdStart.Timing timing) {
        starts.add(timing);
    }

    int count() {
        return starts.size();
    }

    double medianFirstRequest() {
        return median(starts.stream().mapToDouble(ColdStart.Timing::firstRequestSeconds).toArray());
    }

    double minFirstRequest() {
        return starts.stream().mapToDouble(ColdStart.Timing::firstRequestSeconds).min().orElse(Double.NaN);
    }

    double maxFirstRequest() {
        return starts.stream().mapToDouble(ColdStart.Timing::firstRequestSeconds).max().orElse(Double.NaN);
    }

    double medianStarted() {
        return median(starts.stream().mapToDouble(ColdStart.Timing::startedSeconds).toArray());
    }

    double medianReady() {
        return median(starts.stream().mapToDouble(ColdStart.Timing::readySeconds).toArray());
    }

    double medianRss() {
        return median(starts.stream().mapToDouble(ColdStart.Timing::rssMb).toArray());
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

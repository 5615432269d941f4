package io.flyteservices.executor.faults;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Whether a figure stayed flat over a soak: the mean of its last third of samples against the mean of its first
 * third, within {@code factor} times the first plus {@code slack} (absolute, for figures that start near zero).
 */
record Growth(String figure, double first, double last, double allowed) {

    static <S> Growth of(String figure, List<S> samples, ToDoubleFunction<S> value, double factor, double slack) {
        int third = Math.max(1, samples.size() / 3);
        double first = mean(samples.subList(0, third), value);
        double last = mean(samples.subList(samples.size() - third, samples.size()), value);
        return new Growth(figure, first, last, first * factor + slack);
    }

    private static <S> double mean(List<S> samples, ToDoubleFunction<S> value) {
        return samples.stream().mapToDouble(value).average().orElse(0);
    }

    boolean flat() {
        return last <= allowed;
    }
}

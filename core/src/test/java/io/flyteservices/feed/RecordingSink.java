package io.flyteservices.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that records every batch it is offered and can be told to throw on the next few. */
final class RecordingSink implements ChangeSink {

    private final List<List<Change>> offered = new CopyOnWriteArrayList<>();
    private final List<Change> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** Makes the next {@code n} calls throw (after recording the batch as offered). */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    @Override
    public void accept(List<Change> batch) {
        offered.add(List.copyOf(batch));
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("sink failure injected by the test");
        }
        accepted.addAll(batch);
    }

    /** Every batch offered, including those the sink threw on. */
    List<List<Change>> offered() {
        return List.copyOf(offered);
    }

    /** The changes of the given runs in batches the sink took, in delivery order, repeats included. */
    List<Change> acceptedOf(Collection<Long> runIds) {
        Set<Long> runs = Set.copyOf(runIds);
        List<Change> mine = new ArrayList<>();
        for (Change c : accepted) {
            if (runs.contains(c.runId())) {
                mine.add(c);
            }
        }
        return mine;
    }

    /** The seqs of {@link #acceptedOf}. */
    List<Long> seqsOf(Collection<Long> runIds) {
        return acceptedOf(runIds).stream().map(Change::seq).toList();
    }
}

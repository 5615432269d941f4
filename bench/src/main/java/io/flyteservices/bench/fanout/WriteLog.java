package io.flyteservices.bench.fanout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each status was written: the writer notes (action, phase) with the time its transaction began, and a
 * stream that receives that action in that phase looks the time up. An action alternates between two phases and
 * is written again only after every other leaf was (seconds later), so the latest write of a phase is the one
 * being received.
 */
final class WriteLog {

    private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();

    void written(String label, int phase, long nanos) {
        writtenAt.put(key(label, phase), nanos);
    }

    /** The write time of this action reaching this phase, or -1 when the benchmark did not write it. */
    long writtenAt(String label, int phase) {
        Long at = writtenAt.get(key(label, phase));
        return at == null ? -1 : at;
    }

    private static String key(String label, int phase) {
        return label + '|' + phase;
    }
}

package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.BackendEvent;
import io.kubernetes.client.openapi.models.CoreV1Event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.stream.Stream;

/** Turns a Kubernetes Event about a pod into the attempt's {@link BackendEvent.ClusterEvent}. */
final class ClusterEvents {

    private ClusterEvents() {
    }

    /** Whether {@code event} is about a pod, and which: its name, or null when it is about something else. */
    static String podOf(CoreV1Event event) {
        var involved = event.getInvolvedObject();
        return involved != null && "Pod".equals(involved.getKind()) ? involved.getName() : null;
    }

    /**
     * Identifies one occurrence of an event: the server updates a repeated event in place (same uid, higher count),
     * and re-listing or re-watching delivers unchanged events again, which must not be reported twice.
     */
    static String occurrenceKey(CoreV1Event event) {
        var metadata = event.getMetadata();
        var uid = metadata == null || metadata.getUid() == null ? String.valueOf(metadata == null ? null
                : metadata.getName()) : metadata.getUid();
        var seriesCount = event.getSeries() == null ? null : event.getSeries().getCount();
        return uid + "#" + event.getCount() + "#" + seriesCount;
    }

    /** {@code <reason>: <message>} (with {@code (xN)} for an event seen N > 1 times) at its latest occurrence. */
    static BackendEvent.ClusterEvent toClusterEvent(CoreV1Event event) {
        var text = PodStates.describe(event.getReason(), event.getMessage());
        var count = event.getSeries() != null && event.getSeries().getCount() != null
                ? event.getSeries().getCount() : event.getCount();
        if (count != null && count > 1) {
            text = text + " (x" + count + ")";
        }
        return new BackendEvent.ClusterEvent(occurredAt(event), text.isEmpty() ? "event" : text);
    }

    private static Instant occurredAt(CoreV1Event event) {
        var series = event.getSeries();
        var created = event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp();
        return Stream.of(series == null ? null : series.getLastObservedTime(), event.getLastTimestamp(),
                        event.getEventTime(), event.getFirstTimestamp(), created)
                .filter(Objects::nonNull)
                .map(OffsetDateTime::toInstant)
                .findFirst()
                .orElseGet(Instant::now);
    }
}

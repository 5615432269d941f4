package io.flyteservices.executor.backend.local;

import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event it receives and exposes the first {@code Started} as a future. */
final class RecordingBackendListener implements BackendListener {

    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<BackendEvent.Started> started = new CompletableFuture<>();

    @Override
    public void onEvent(BackendEvent event) {
        events.add(event);
        if (event instanceof BackendEvent.Started s) {
            started.complete(s);
        }
    }

    List<BackendEvent> events() {
        return List.copyOf(events);
    }

    CompletableFuture<BackendEvent.Started> started() {
        return started;
    }

    BackendEvent.Finished finished() {
        return events.stream()
                .filter(BackendEvent.Finished.class::isInstance)
                .map(BackendEvent.Finished.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Finished event in " + events));
    }
}

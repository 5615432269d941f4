package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event it receives, in order. */
final class RecordingListener implements BackendListener {

    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(BackendEvent event) {
        events.add(event);
    }

    List<BackendEvent> events() {
        return List.copyOf(events);
    }

    /** The simple class names of the events so far, for asserting their order. */
    List<String> kinds() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    <T extends BackendEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
import com.google.gson.Gson;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.CoreV1Event;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.List;

/**
 * The backend's one watch of Kubernetes Events in its namespace, handing each Event about a followed pod to that
 * pod's attempts (which drop repeats). Events about anything else are ignored.
 */
final class EventWatch implements ListWatch.Sink<CoreV1Event>, AutoCloseable {

    private final Followers followers;
    private final ListWatch<CoreV1Event> watch;

    EventWatch(PodApi api, Followers followers, OkHttpClient http, Gson gson, Backoff backoff) {
        this.followers = followers;
        this.watch = new ListWatch<>("events", CoreV1Event.class, new ListWatch.Source() {
            @Override
            public PodApi.Page<CoreV1Event> list(String continueToken) throws ApiException {
                return api.listEvents(continueToken);
            }

            @Override
            public Request watch(String resourceVersion) throws ApiException {
                return api.watchEvents(resourceVersion);
            }
        }, this, http, gson, backoff);
    }

    void start() {
        watch.start();
    }

    @Override
    public void close() {
        watch.close();
    }

    @Override
    public void listed(List<CoreV1Event> events) {
        events.forEach(event -> changed(ListWatch.Change.ADDED, event));
    }

    @Override
    public void changed(ListWatch.Change change, CoreV1Event event) {
        if (change == ListWatch.Change.DELETED) {
            // Events expire after an hour; an expired one was reported when it came.
            return;
        }
        followers.of(ClusterEvents.podOf(event)).forEach(attempt -> attempt.onEvent(event));
    }
}

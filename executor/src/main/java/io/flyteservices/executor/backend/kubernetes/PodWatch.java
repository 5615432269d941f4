package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
import com.google.gson.Gson;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The backend's one watch of its pods (those labelled {@link PodFactory#MANAGED_SELECTOR} in its namespace),
 * dispatching each pod's status to the attempts following it by pod name. After a re-listing, a followed pod that
 * is missing was deleted while the watch was down, or was created after the listing was taken: the backend reads
 * it to tell which.
 */
final class PodWatch implements ListWatch.Sink<V1Pod>, AutoCloseable {

    private final Followers followers;
    private final Consumer<String> verify;
    private final ListWatch<V1Pod> watch;

    /** {@code verify} reads one pod and tells its followers what it found. */
    PodWatch(PodApi api, Followers followers, Consumer<String> verify, OkHttpClient http, Gson gson,
             Backoff backoff) {
        this.followers = followers;
        this.verify = verify;
        this.watch = new ListWatch<>("pods", V1Pod.class, new ListWatch.Source() {
            @Override
            public PodApi.Page<V1Pod> list(String continueToken) throws ApiException {
                return api.listPods(PodFactory.MANAGED_SELECTOR, continueToken);
            }

            @Override
            public Request watch(String resourceVersion) throws ApiException {
                return api.watchPods(PodFactory.MANAGED_SELECTOR, resourceVersion);
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
    public void listed(List<V1Pod> pods) {
        var present = new HashSet<String>();
        for (var pod : pods) {
            var name = pod.getMetadata().getName();
            present.add(name);
            followers.of(name).forEach(attempt -> attempt.onPod(pod));
        }
        for (var name : followers.podNames()) {
            if (!present.contains(name)
                    && followers.of(name).stream().anyMatch(a -> a.podKnown() && !a.ended())) {
                verify.accept(name);
            }
        }
    }

    @Override
    public void changed(ListWatch.Change change, V1Pod pod) {
        var attempts = followers.of(pod.getMetadata() == null ? null : pod.getMetadata().getName());
        if (change == ListWatch.Change.DELETED) {
            attempts.forEach(attempt -> attempt.onPodGone(pod));
        } else {
            attempts.forEach(attempt -> attempt.onPod(pod));
        }
    }
}

package io.flyteservices.executor.backend.kubernetes;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.CoreV1EventList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.micronaut.kubernetes.client.OkHttpClientLogging;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The few calls the backend makes on the pods and events of its namespace. Requests are built by the official client
 * (URL, authentication) and executed here: each is bounded by a timeout, since the client micronaut-kubernetes
 * builds has no read timeout (watches need none) and a call to a hung server would hang its caller, and answers are
 * read by {@link LenientJson}.
 */
final class PodApi {

    /** How long one ordinary request may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The longest answer body that is not a Status which {@link #describe} quotes. */
    private static final int MAX_PLAIN_BODY = 200;
    /** Items per page when listing, so that thousands of pods do not come in one response. */
    static final int PAGE_SIZE = 500;

    /** One page of a listing and the resource version the listing was taken at. */
    record Page<T>(List<T> items, String resourceVersion, String continueToken) {
    }

    private final CoreV1Api core;
    private final OkHttpClient http;
    private final String namespace;

    PodApi(ApiClient client, String namespace) {
        this.core = new CoreV1Api(Objects.requireNonNull(client, "client"));
        this.http = quiet(client.getHttpClient());
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The HTTP client the backend's calls and watches go through: the client's own, minus its failure logging. */
    OkHttpClient http() {
        return http;
    }

    /**
     * {@code http} without micronaut-kubernetes' logging interceptor, which logs every failed call at ERROR with
     * its stack trace: the backend reports failures itself, once per streak, and a watch closed at shutdown is no
     * error.
     */
    static OkHttpClient quiet(OkHttpClient http) {
        var builder = http.newBuilder();
        builder.interceptors().removeIf(OkHttpClientLogging.class::isInstance);
        return builder.build();
    }

    /** Creates {@code pod}; throws with code 409 when a pod of that name exists. */
    V1Pod create(V1Pod pod) throws ApiException {
        return execute(core.createNamespacedPod(namespace, pod).buildCall(null), V1Pod.class);
    }

    /** The pod named {@code name}, or empty when there is none. */
    Optional<V1Pod> get(String name) throws ApiException {
        try {
            return Optional.of(execute(core.readNamespacedPod(name, namespace).buildCall(null), V1Pod.class));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Asks the server to delete the pod named {@code name}, giving it {@code grace} to stop; returns false when
     * there was no such pod.
     */
    boolean delete(String name, Duration grace) throws ApiException {
        try {
            var call = core.deleteNamespacedPod(name, namespace)
                    .gracePeriodSeconds((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()))
                    .buildCall(null);
            // The body (the pod being deleted, or a Status) is not needed.
            execute(call, null);
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    Page<V1Pod> listPods(String labelSelector, String continueToken) throws ApiException {
        var call = core.listNamespacedPod(namespace).labelSelector(labelSelector).limit(PAGE_SIZE)
                ._continue(continueToken).buildCall(null);
        V1PodList list = execute(call, V1PodList.class);
        return new Page<>(list.getItems(), list.getMetadata().getResourceVersion(), list.getMetadata().getContinue());
    }

    /** The request of a watch of the pods matching {@code labelSelector}, from {@code resourceVersion}. */
    Request watchPods(String labelSelector, String resourceVersion) throws ApiException {
        return core.listNamespacedPod(namespace).labelSelector(labelSelector).resourceVersion(resourceVersion)
                .allowWatchBookmarks(true).watch(true).buildCall(null).request();
    }

    /**
     * All events of the namespace. Not narrowed by a field selector to pods: not every server honours field
     * selectors on events (the test server does not), and the watch filters by the pods it follows anyway.
     */
    Page<CoreV1Event> listEvents(String continueToken) throws ApiException {
        var call = core.listNamespacedEvent(namespace).limit(PAGE_SIZE)._continue(continueToken).buildCall(null);
        CoreV1EventList list = execute(call, CoreV1EventList.class);
        return new Page<>(list.getItems(), list.getMetadata().getResourceVersion(), list.getMetadata().getContinue());
    }

    Request watchEvents(String resourceVersion) throws ApiException {
        return core.listNamespacedEvent(namespace).resourceVersion(resourceVersion).allowWatchBookmarks(true)
                .watch(true).buildCall(null).request();
    }

    /**
     * Runs the request {@code prepared} holds (never {@code prepared} itself, which belongs to the client's own
     * HTTP client) and reads the body as {@code type} (null: ignores it), leniently ({@link LenientJson}).
     */
    private <T> T execute(Call prepared, Class<T> type) throws ApiException {
        var call = http.newCall(prepared.request());
        call.timeout().timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            var body = response.body() == null ? "" : response.body().string();
            if (!response.isSuccessful()) {
                throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), body);
            }
            if (type == null) {
                return null;
            }
            try {
                return LenientJson.GSON.fromJson(body, type);
            } catch (RuntimeException e) {
                throw new ApiException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e,
                        response.code(), response.headers().toMultimap(), body);
            }
        } catch (IOException e) {
            throw new ApiException(e);
        }
    }

    /** What went wrong in {@code e}, for an attempt's error or a log: the server's Status message if any. */
    static String describe(ApiException e) {
        if (e.getCode() == 0) {
            return e.getCause() != null ? e.getCause().toString() : "no answer from the API server";
        }
        if (e.getCode() < 300) {
            return "unreadable answer, HTTP " + e.getCode() + ": " + e.getCause();
        }
        var body = e.getResponseBody() == null ? "" : e.getResponseBody().strip();
        try {
            var status = JsonParser.parseString(body).getAsJsonObject();
            if (status.has("message")) {
                return "HTTP " + e.getCode() + ": " + status.get("message").getAsString();
            }
        } catch (RuntimeException notAStatus) {
            // a proxy's page or plain text: shown as it is when short
        }
        return body.isEmpty() || body.length() > MAX_PLAIN_BODY ? "HTTP " + e.getCode()
                : "HTTP " + e.getCode() + ": " + body;
    }
}

package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Keeps a {@link Sink} informed of one kind of object: lists them all, then watches for changes from the listing's
 * resource version, re-watching from the last version seen when a watch ends and listing again when the server
 * says that version is gone (HTTP 410). Failures back off with jitter. One virtual thread per instance.
 *
 * <p>Watches are made over a WebSocket ({@code watch=true} with an upgrade), which the API server serves like the
 * streamed form and which fabric8's mock server, the tests' API server, supports alone; OkHttp pings keep a dead
 * connection from going unnoticed.
 */
final class ListWatch<T extends KubernetesObject> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListWatch.class);

    /** A watch that ends by itself sooner than this without an event counts as a failure, against a busy loop. */
    private static final Duration MIN_QUIET_WATCH = Duration.ofSeconds(1);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(30);

    /** The kinds of change a watch reports. */
    enum Change { ADDED, MODIFIED, DELETED }

    /** Where the objects come from. */
    interface Source {
        PodApi.Page<? extends KubernetesObject> list(String continueToken) throws ApiException;

        Request watch(String resourceVersion) throws ApiException;
    }

    /** Receives the objects, one call at a time. */
    interface Sink<T> {
        /** Everything there is now: called after each (re)listing, before the changes that follow it. */
        void listed(List<T> objects);

        void changed(Change change, T object);
    }

    private final String name;
    private final Class<T> type;
    private final Source source;
    private final Sink<T> sink;
    private final OkHttpClient http;
    private final Gson gson;
    private final Backoff backoff;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile WebSocket socket;

    ListWatch(String name, Class<T> type, Source source, Sink<T> sink, OkHttpClient http, Gson gson,
              Backoff backoff) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.http = http.newBuilder().pingInterval(PING_INTERVAL).build();
        this.gson = Objects.requireNonNull(gson, "gson");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    void start() {
        thread = Thread.ofVirtual().name("k8s-watch-" + name).start(this::run);
    }

    @Override
    public void close() {
        closed = true;
        var open = socket;
        if (open != null) {
            open.cancel();
        }
        var running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        String version = null;
        int failures = 0;
        while (!closed) {
            Exception failure;
            try {
                if (version == null) {
                    version = relist();
                }
                var end = watch(version);
                version = end.version();
                failure = end.failure();
            } catch (ApiException | RuntimeException e) {
                failure = e;
            }
            if (closed) {
                break;
            }
            if (failure == null) {
                if (failures > 0) {
                    LOG.info("{} watch resumed failures={}", name, failures);
                }
                failures = 0;
                continue;
            }
            failures++;
            var delay = backoff.delay(failures);
            if (failures == 1) {
                LOG.warn("{} watch failed, retrying delayMs={} error={}", name, delay.toMillis(), describe(failure));
            } else {
                LOG.debug("{} watch failed again failures={} delayMs={}", name, failures, delay.toMillis(), failure);
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException interrupted) {
                // Only close() interrupts this thread.
                break;
            }
        }
        LOG.debug("{} watch stopped", name);
    }

    /** Lists every page and hands the objects to the sink; returns the listing's resource version. */
    private String relist() throws ApiException {
        var objects = new ArrayList<T>();
        String version = null;
        String continueToken = null;
        do {
            var page = source.list(continueToken);
            page.items().forEach(item -> objects.add(type.cast(item)));
            if (version == null) {
                version = page.resourceVersion();
            }
            continueToken = page.continueToken();
        } while (continueToken != null && !continueToken.isEmpty());
        LOG.debug("{} listed count={} resourceVersion={}", name, objects.size(), version);
        deliver(() -> sink.listed(objects));
        return version;
    }

    /** How one watch ended: the version to go on from (null: list again) and the failure, if it failed. */
    private record End(String version, Exception failure) {
    }

    /** Runs one watch until it ends. */
    private End watch(String fromVersion) throws ApiException {
        var state = new WatchState(fromVersion);
        var started = System.nanoTime();
        var ws = http.newWebSocket(source.watch(fromVersion), state);
        socket = ws;
        if (closed) {
            ws.cancel();
        }
        try {
            state.ended.get();
        } catch (InterruptedException e) {
            ws.cancel();
            Thread.currentThread().interrupt();
            return new End(state.version, new IOException("interrupted"));
        } catch (ExecutionException e) {
            if (state.expired) {
                return new End(null, null);
            }
            return new End(state.version, state.error != null ? state.error : asException(e.getCause()));
        } finally {
            socket = null;
        }
        if (state.expired) {
            return new End(null, null);
        }
        if (state.error != null) {
            return new End(state.version, state.error);
        }
        var quiet = !state.received && Duration.ofNanos(System.nanoTime() - started).compareTo(MIN_QUIET_WATCH) < 0;
        return new End(state.version, quiet ? new IOException("watch closed at once") : null);
    }

    /** One watch's progress; OkHttp calls it on one thread, in order. */
    private final class WatchState extends WebSocketListener {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile String version;
        volatile boolean received;
        volatile boolean expired;
        volatile Exception error;

        WatchState(String version) {
            this.version = version;
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            received = true;
            JsonObject event;
            try {
                event = JsonParser.parseString(text).getAsJsonObject();
            } catch (RuntimeException e) {
                error = new IOException("unreadable watch event", e);
                webSocket.cancel();
                return;
            }
            var kind = event.has("type") ? event.get("type").getAsString() : "";
            var object = event.has("object") && event.get("object").isJsonObject()
                    ? event.getAsJsonObject("object") : new JsonObject();
            switch (kind) {
                case "ADDED", "MODIFIED", "DELETED" -> {
                    T item;
                    try {
                        item = gson.fromJson(object, type);
                    } catch (RuntimeException e) {
                        // One object we cannot read must not cost the watch, nor every other pod's updates.
                        LOG.warn("{} watch skipped an unreadable object error={}", name, e.toString());
                        return;
                    }
                    if (item.getMetadata() != null && item.getMetadata().getResourceVersion() != null) {
                        version = item.getMetadata().getResourceVersion();
                    }
                    deliver(() -> sink.changed(Change.valueOf(kind), item));
                }
                case "BOOKMARK" -> {
                    var metadata = object.getAsJsonObject("metadata");
                    if (metadata != null && metadata.has("resourceVersion")) {
                        version = metadata.get("resourceVersion").getAsString();
                    }
                }
                case "ERROR" -> {
                    var code = object.has("code") ? object.get("code").getAsInt() : 0;
                    if (code == 410) {
                        LOG.debug("{} watch expired resourceVersion={}", name, version);
                        expired = true;
                    } else {
                        error = new IOException("watch error code=" + code + " message="
                                + (object.has("message") ? object.get("message").getAsString() : ""));
                    }
                    webSocket.close(1000, null);
                }
                default -> LOG.debug("{} watch ignored an event type={}", name, kind);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            ended.complete(null);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            if (response != null) {
                ended.completeExceptionally(new IOException("watch refused HTTP " + response.code(), t));
                response.close();
            } else {
                ended.completeExceptionally(t);
            }
        }
    }

    /** Runs a sink call; a sink's bug is logged and must not stop the watch. */
    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("{} watch handler failed", name, e);
        }
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IOException(t);
    }

    private static String describe(Exception e) {
        return e instanceof ApiException api ? PodApi.describe(api) : String.valueOf(e);
    }
}

package io.flyteservices.executor.backend.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An API server that answers pod creations and reads with scripted responses, for the failures the mock server
 * cannot produce. Listings are empty; watches are refused (the backend retries them in the background).
 */
final class StubApiServer implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int code, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> creates = new ArrayDeque<>();
    private final Deque<Answer> reads = new ArrayDeque<>();
    private final AtomicInteger createCount = new AtomicInteger();
    private volatile Answer lastCreate = new Answer(503, status(503, "no answer scripted"));
    private volatile Answer lastRead = new Answer(404, status(404, "not found"));

    StubApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    ApiClient apiClient() {
        return new ClientBuilder()
                .setBasePath("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort())
                .build();
    }

    /** Answers to pod creations, in order; the last one repeats. */
    synchronized StubApiServer onCreate(Answer... answers) {
        for (var answer : answers) {
            creates.add(answer);
        }
        return this;
    }

    /** Answers to reads of one pod, in order; the last one repeats. */
    synchronized StubApiServer onRead(Answer... answers) {
        for (var answer : answers) {
            reads.add(answer);
        }
        return this;
    }

    int createCount() {
        return createCount.get();
    }

    static String status(int code, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
                + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    static String pod(String name, String phase) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"resourceVersion\":\"5\"},\"status\":{\"phase\":\"" + phase + "\"}}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            var query = exchange.getRequestURI().getQuery();
            Answer answer;
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/pods")) {
                createCount.incrementAndGet();
                answer = next(creates, true);
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                answer = new Answer(404, status(404, "not found"));
            } else if (query != null && query.contains("watch=true")) {
                answer = new Answer(400, status(400, "this server does not watch"));
            } else if (path.endsWith("/pods") || path.endsWith("/events")) {
                answer = new Answer(200, "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":"
                        + "{\"resourceVersion\":\"1\"},\"items\":[]}");
            } else {
                answer = next(reads, false);
            }
            var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.code(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private synchronized Answer next(Deque<Answer> answers, boolean create) {
        var answer = answers.poll();
        if (answer == null) {
            return create ? lastCreate : lastRead;
        }
        if (create) {
            lastCreate = answer;
        } else {
            lastRead = answer;
        }
        return answer;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

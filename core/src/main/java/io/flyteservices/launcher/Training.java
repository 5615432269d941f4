package io.flyteservices.launcher;

import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.ListRequest;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code --train}: the started process sends itself one request of each kind it serves, over the same sockets a
 * client would use, so that a class-data archive or AOT cache recorded by this JVM ({@code -XX:AOTCacheOutput=})
 * holds the classes and profiles of the real request path, not just of start-up. Every request is read-only (a run
 * that does not exist, a list limited to one row, creates that fail validation), so training against a production
 * database changes nothing. An answer with any gRPC status counts: the path to it was exercised.
 */
final class Training {

    private static final Logger LOG = LoggerFactory.getLogger(Training.class);
    private static final String PROJECT = "flyte-services-training";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Training() {
    }

    /** Sends the requests; returns how many were answered (the rest are logged). */
    static int exercise(Launcher.Running running) {
        long started = System.nanoTime();
        int answered = 0;
        int sent = 0;
        RunIdentifier missing = RunIdentifier.newBuilder().setOrg("").setProject(PROJECT).setDomain("development")
                .setName("missing").build();
        ListRunsRequest list = ListRunsRequest.newBuilder()
                .setProjectId(ProjectIdentifier.newBuilder().setOrganization("").setName(PROJECT).setDomain("development"))
                .setRequest(ListRequest.newBuilder().setLimit(1)).build();
        if (running.grpcPort().isPresent()) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", running.grpcPort().get())
                    .usePlaintext().build();
            try {
                var runs = RunServiceGrpc.newBlockingStub(channel);
                var queue = QueueServiceGrpc.newBlockingStub(channel);
                sent += 4;
                answered += grpc("GetRunDetails", () -> deadline(runs).getRunDetails(
                        GetRunDetailsRequest.newBuilder().setRunId(missing).build()));
                answered += grpc("ListRuns", () -> deadline(runs).listRuns(list));
                answered += grpc("CreateRun", () -> deadline(runs).createRun(CreateRunRequest.getDefaultInstance()));
                answered += grpc("EnqueueAction", () -> deadline(queue).enqueueAction(
                        EnqueueActionRequest.getDefaultInstance()));
            } finally {
                channel.shutdownNow();
            }
        }
        if (running.httpPort().isPresent()) {
            URI base = URI.create("http://127.0.0.1:" + running.httpPort().get());
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            sent += 3;
            answered += http(http, HttpRequest.newBuilder(base.resolve("/readyz")).GET());
            answered += http(http, HttpRequest.newBuilder(base.resolve("/healthz")).GET());
            answered += http(http, HttpRequest.newBuilder(base.resolve("/flyteidl2.workflow.RunService/ListRuns"))
                    .header("Content-Type", "application/json").header("Connect-Protocol-Version", "1")
                    .POST(HttpRequest.BodyPublishers.ofString(json(list))));
        }
        LOG.info("training done answered={}/{} ms={}", answered, sent, (System.nanoTime() - started) / 1_000_000);
        return answered;
    }

    private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int grpc(String method, Callable<?> call) {
        try {
            call.call();
            return 1;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                    || e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                LOG.warn("training request unanswered method={} status={}", method, e.getStatus());
                return 0;
            }
            return 1;
        } catch (Exception e) {
            LOG.warn("training request failed method={} error={}", method, e.toString());
            return 0;
        }
    }

    private static int http(HttpClient http, HttpRequest.Builder request) {
        try {
            http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
            return 1;
        } catch (IOException e) {
            LOG.warn("training request unanswered error={}", e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String json(com.google.protobuf.Message message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.flyteservices.functions;

import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.flyteservices.testkit.GrpcAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus metrics on the HTTP port count RPCs by method and by the status the client saw. */
class MetricsIT {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldCountRpcsByMethodAndStatusCodeTheClientSaw() throws Exception {
        var runs = RunServiceGrpc.newBlockingStub(server.channel());
        runs.createRun(Fixtures.createRun(Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName())));
        assertFails(Status.Code.INVALID_ARGUMENT, "task",
                () -> runs.createRun(CreateRunRequest.newBuilder()
                        .setRunId(Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName())).build()));

        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.httpBase().resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics).containsPattern(
                "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"CreateRun\"[^}]*statusCode=\"OK\"} 1");
        assertThat(metrics).containsPattern("grpc_server_processing_duration_seconds_count\\{[^}]*method=\"CreateRun\""
                + "[^}]*statusCode=\"INVALID_ARGUMENT\"} 1");
        assertThat(metrics).contains("hikaricp_connections");
    }
}

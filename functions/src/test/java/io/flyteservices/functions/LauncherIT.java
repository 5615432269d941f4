package io.flyteservices.functions;

import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.launcher.Launcher;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's modes as a user starts them: all-in-one on an embedded database, migrate, functions. */
class LauncherIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldServeAndKeepRunsAcrossRestartsWhenStartedAllInOne(@TempDir Path home) throws Exception {
        String[] args = {"all", "--data-dir", home.toString(), "--http-port", "0", "--grpc-port", "0"};
        var run = Fixtures.runId("launcher", Fixtures.uniqueRunName());

        try (Launcher.Running running = Launcher.start(args, Map.of())) {
            int httpPort = running.httpPort().orElseThrow();
            assertThat(get(httpPort, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/healthz").body()).isEqualTo("ok\n");
            withRuns(running.grpcPort().orElseThrow(), runs -> runs.createRun(Fixtures.createRun(run)));
        }
        assertThat(home.resolve("storage/launcher/development").resolve(run.getName()).resolve("inputs/inputs.pb"))
                .exists();

        try (Launcher.Running running = Launcher.start(args, Map.of())) {
            withRuns(running.grpcPort().orElseThrow(), runs -> assertThat(runs.getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(run)
                    .build()).getDetails().getAction().getId().getRun()).isEqualTo(run));
        }
    }

    @Test
    void shouldReportNotReadyUntilMigratedWhenFunctionsStartOnAnEmptyDatabase() throws Exception {
        String url = emptyDatabase();
        String[] functions = {"functions", "--database-url", url, "--http-port", "0", "--grpc-port", "0"};

        try (Launcher.Running running = Launcher.start(functions, Map.of())) {
            int httpPort = running.httpPort().orElseThrow();
            HttpResponse<String> before = get(httpPort, "/readyz");
            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).contains("migrate");

            Launcher.start(new String[]{"migrate", "--database-url", url}, Map.of()).close();

            assertThat(get(httpPort, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseFunctionsWithoutDatabase() {
        assertThatThrownBy(() -> Launcher.start(new String[]{"functions"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--database-url");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void withRuns(int grpcPort, java.util.function.Consumer<RunServiceGrpc.RunServiceBlockingStub> use)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            use.accept(RunServiceGrpc.newBlockingStub(channel));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A new, unmigrated database on the test server. */
    private static String emptyDatabase() throws Exception {
        String name = "flyte_empty_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        try (Connection c = TestDatabase.get().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = TestDatabase.get().jdbcUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : url.substring(query));
    }
}

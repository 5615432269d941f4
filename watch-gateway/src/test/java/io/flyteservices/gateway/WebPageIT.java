package io.flyteservices.gateway;

import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page at {@code /} next to the routes it must not shadow: RPCs (Connect POST and GET), health and metrics.
 * Skipped when the module was built without the page ({@code -Dweb.skip=true}).
 */
class WebPageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(WebPageIT.class.getResource("/public/index.html") != null,
                "the web page was not built (-Dweb.skip=true)");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldServeIndexAndItsScriptWhenRootIsRequested() throws Exception {
        HttpResponse<String> index = get("/");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        Matcher script = Pattern.compile("src=\"\\./(assets/[^\"]+\\.js)\"").matcher(index.body());
        assertThat(script.find()).as("index.html references its script: %s", index.body()).isTrue();
        HttpResponse<String> js = get("/" + script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(get("/index.html").body()).isEqualTo(index.body());
    }

    @Test
    void shouldKeepHealthAndMetricsRoutesWhenPageIsServed() throws Exception {
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).doesNotContain("<html");
    }

    @Test
    void shouldRouteConnectCallsWhenPageIsServed() throws Exception {
        String runId = "{\"runId\":{\"project\":\"web\",\"domain\":\"development\",\"name\":\"missing\"}}";
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(uri("/flyteidl2.workflow.RunService/GetRunDetails"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(runId)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> connectGet = get("/flyteidl2.workflow.RunService/GetRunDetails?connect=v1&encoding=json"
                + "&message=" + URLEncoder.encode(runId, StandardCharsets.UTF_8));

        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).contains("\"code\":\"not_found\"");
        assertThat(connectGet.statusCode()).isEqualTo(404);
        assertThat(connectGet.body()).contains("\"code\":\"not_found\"");
    }

    @Test
    void shouldAnswerNotFoundWhenNoFileMatches() throws Exception {
        assertThat(get("/assets/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("/no.such.Service/Method").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return server.httpBase().resolve(path);
    }
}

package io.flyteservices.executor.it;

import io.flyteservices.launcher.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The web page in a real browser against the whole system as a user starts it: {@code all} mode (unary RPCs, streams
 * and an executor running tasks as local processes, in one process on an embedded PostgreSQL), started here through
 * the launcher. The browser side is {@code src/test/node/web-page.test.mjs}: Debian's Chromium driven by
 * playwright-core creates runs through the page's form, sees them reach SUCCEEDED and ABORTED live over Connect JSON
 * and gRPC-Web, and saves screenshots to {@code target/browser/}.
 */
class BrowserIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserIT.class);
    private static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    private static final Path SCRIPTS = Path.of(System.getProperty("browser.node.dir", "src/test/node"));
    private static final Path SCREENSHOTS = Path.of("target", "browser").toAbsolutePath();

    @Test
    void shouldCreateWatchAndAbortRunsInChromiumWhenAllModeServesThePage(@TempDir Path home) throws Exception {
        requireBrowserTools();
        String[] all = {"all", "--data-dir", home.toString(), "--http-port", "0", "--grpc-port", "0"};

        try (Launcher.Running running = Launcher.start(all, Map.of())) {
            String base = "http://127.0.0.1:" + running.httpPort().orElseThrow();
            requirePage(base);
            runBrowserTests(base);
        }

        assertThat(SCREENSHOTS.resolve("runs.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("run.png")).isNotEmptyFile();
    }

    private static void requireBrowserTools() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing at " + CHROMIUM + ": install it with `apt-get install -y chromium`"
                    + " (.ci/run does so on CI machines)");
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is missing in " + SCRIPTS.toAbsolutePath() + ": run"
                    + " `npm ci --prefix executor/src/test/node` from the repository root (bin/test does so)");
        }
    }

    /** The page comes from the watch-gateway jar on the class path, which has none when built with web.skip. */
    private static void requirePage(String base) throws IOException, InterruptedException {
        HttpResponse<String> index = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        if (index.statusCode() != 200 || !index.body().contains("<script")) {
            fail("GET / answered " + index.statusCode() + ": the watch-gateway artifact on the class path has no web"
                    + " page; build it without -Dweb.skip=true (mvn -pl watch-gateway install)");
        }
    }

    private static void runBrowserTests(String base) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve("web-page.test.log");
        ProcessBuilder node = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec", "web-page.test.mjs"))
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("WEB_BASE_URL", base);
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        node.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = node.start();
        } catch (IOException e) {
            fail("cannot run `node` (Node.js 20+ must be on the PATH): " + e.getMessage());
            return;
        }
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (String line : Files.readAllLines(log)) {
            LOG.info("browser: {}", line);
        }
        assertThat(finished).as("the browser tests finished within 5 minutes (output above)").isTrue();
        assertThat(process.exitValue()).as("exit code of the browser tests (output above, also in %s)", log)
                .isZero();
    }
}

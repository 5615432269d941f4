package io.flyteservices.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs test files of the npm client harness ({@code core/src/test/node}: the real connect-es clients, built at run
 * time from a binary FileDescriptorSet) with {@code node --test} against a running server, and asserts they pass.
 * The node output goes to the test log.
 */
public final class NodeClientTests {

    private static final Logger LOG = LoggerFactory.getLogger(NodeClientTests.class);

    private NodeClientTests() {
    }

    /** The harness directory seen from a module directory: {@code -Dprotocol.node.dir} or the core module's. */
    public static Path harness(String fromModule) {
        return Path.of(System.getProperty("protocol.node.dir", fromModule));
    }

    /** Runs {@code testPaths} (relative to {@code harness}) and fails unless every test passes. */
    public static void run(Path harness, String baseUrl, Path descriptorSet, String... testPaths)
            throws IOException, InterruptedException {
        run(harness, baseUrl, descriptorSet, java.util.Map.of(), testPaths);
    }

    /** Like {@link #run(Path, String, Path, String...)} with extra environment variables for the tests. */
    public static void run(Path harness, String baseUrl, Path descriptorSet, java.util.Map<String, String> env,
                           String... testPaths) throws IOException, InterruptedException {
        if (!Files.isDirectory(harness.resolve("node_modules"))) {
            fail("npm dependencies of the client tests are missing in " + harness.toAbsolutePath()
                    + ": run `npm ci --prefix core/src/test/node` (from the repository root) first");
        }
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
        command.addAll(List.of(testPaths));
        ProcessBuilder node = new ProcessBuilder(command).directory(harness.toFile()).redirectErrorStream(true);
        node.environment().put("PROTOCOL_BASE_URL", baseUrl);
        node.environment().put("PROTOCOL_DESCRIPTOR_SET", descriptorSet.toAbsolutePath().toString());
        node.environment().put("NO_COLOR", "1");
        node.environment().putAll(env);
        Process process;
        try {
            process = node.start();
        } catch (IOException e) {
            fail("cannot run `node` (Node.js 20+ must be on the PATH): " + e.getMessage());
            return;
        }
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                LOG.info("node: {}", line);
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("node --test did not finish within 5 minutes");
        }
        assertThat(process.exitValue()).as("exit code of node --test (its output is in the log above)").isZero();
    }
}

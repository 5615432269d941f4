package io.flyteservices.infra.image;

import io.flyteservices.infra.schema.RenderedManifests;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each image (built by -Pimage) started as the dev overlay deploys it: the image's own entrypoint, JVM options,
 * user and environment, with the args, ConfigMap environment, mounted password file and volumes of its workload,
 * against a new, empty database. Only what cannot be the cluster's differs: the database's address and password (the
 * test server's), free ports, and the executor's backend (no Kubernetes API server here).
 */
class ImageStartIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final String IMAGE_USER = "65532";
    private static final String NAMESPACE = "flyte";

    @TempDir
    static Path scratch;

    private static List<JsonNode> dev;
    private static String database;
    private static Map<String, String> cluster;
    private static Map<String, Map<String, String>> secrets;

    @BeforeAll
    static void createEmptyDatabase() throws Exception {
        dev = RenderedManifests.render(RenderedManifests.infraDir().resolve("overlays/dev"));
        database = "flyte_image_" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        try (Connection c = TestDatabase.get().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        // The test server's address and credentials, in the shape the manifests use: user in the URL, password file.
        URI server = URI.create(TestDatabase.get().jdbcUrl().substring("jdbc:".length()));
        Map<String, String> query = query(server.getRawQuery());
        cluster = new HashMap<>(Map.of(
                "FLYTE_DATABASE_URL", "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database
                        + "?user=" + query.get("user"),
                "FLYTE_HTTP_PORT", "0",
                "FLYTE_GRPC_PORT", "0"));
        secrets = Map.of("flyte-db-app", Map.of("password", query.get("password")));
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void eachImageStartsAsItsWorkloadDeploysIt() throws Exception {
        // The migration Job first, on the empty database: it applies the schema and exits 0.
        try (ImageProcess migrate = start("batch/v1", "Job", "flyte-migrate", Map.of())) {
            assertEquals(0, migrate.awaitExit(START), migrate::log);
            assertTrue(migrate.log().contains("database migrated"), migrate::log);
        }
        assertTrue(schemaVersion() > 0, "the Job migrated " + database);

        try (ImageProcess functions = start("serving.knative.dev/v1", "Service", "functions", Map.of()).awaitReady()) {
            HttpResponse<String> list = functions.connect("/flyteidl2.workflow.RunService/ListRuns",
                    "{\"org\":\"image-test\"}");
            assertEquals(200, list.statusCode(), list::body);
            assertRunsAsImageUser(functions);
            assertTrue(functions.mappedFiles().contains("/app/functions.aot"),
                    "the JVM mapped the image's AOT cache; log:\n" + functions.log());
            assertEquals(143, functions.stop(GRACE), "SIGTERM ends the JVM through its shutdown hooks");
        }
        try (ImageProcess gateway = start("apps/v1", "Deployment", "watch-gateway", Map.of()).awaitReady()) {
            assertRunsAsImageUser(gateway);
            assertEquals(200, gateway.get("/prometheus").statusCode());
            assertEquals(143, gateway.stop(GRACE));
        }
        // No API server here: the executor runs its actions as local processes instead of pods.
        try (ImageProcess executor = start("apps/v1", "Deployment", "executor", Map.of("EXECUTOR_BACKEND", "local"))
                .awaitReady()) {
            assertRunsAsImageUser(executor);
            assertEquals(143, executor.stop(GRACE));
        }
    }

    private static ImageProcess start(String apiVersion, String kind, String name, Map<String, String> env) throws Exception {
        JsonNode workload = RenderedManifests.find(dev, apiVersion, kind, NAMESPACE, name)
                .orElseThrow(() -> new AssertionError("the dev overlay has no " + kind + " " + name));
        Map<String, String> overrides = new HashMap<>(cluster);
        overrides.putAll(env);
        PodTemplate pod = PodTemplate.of(workload, dev, scratch, secrets).withEnv(overrides);
        Path repository = RenderedManifests.infraDir().getParent();
        return ImageProcess.start(repository.resolve("infra/images/image-run"), imageTar(repository, pod.image()), pod);
    }

    /** The tar -Pimage wrote for an image name: dev.local/flyte-functions:TAG is functions/target/jib-image.tar. */
    private static Path imageTar(Path repository, String image) {
        String artifact = image.substring(image.lastIndexOf('/') + 1).split(":")[0];
        Path tar = repository.resolve(artifact.substring("flyte-".length())).resolve("target/jib-image.tar");
        assertTrue(Files.isRegularFile(tar), tar + " is missing: build the images first (bin/test does: -Pimage)");
        return tar;
    }

    /**
     * The image's user, as root starts it; without root, image-run runs it in a user namespace as this machine's
     * user (mapped to root inside), so then it is at least not the machine's root.
     */
    private static void assertRunsAsImageUser(ImageProcess process) throws Exception {
        String uid = process.status("Uid");
        String expected = "root".equals(System.getProperty("user.name")) ? IMAGE_USER
                : String.valueOf(new com.sun.security.auth.module.UnixSystem().getUid());
        assertTrue(uid.matches("Uid:\\s+" + expected + "\\s.*"), "runs as " + expected + ": " + uid);
    }

    private static int schemaVersion() throws Exception {
        String url = TestDatabase.get().jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + database + "?");
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}

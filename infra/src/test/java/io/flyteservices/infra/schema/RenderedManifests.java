package io.flyteservices.infra.schema;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes objects an overlay deploys, as {@code kubectl kustomize} renders them: the real kustomize of the
 * kubectl the project targets, run as a process, so that what is checked is what {@code kubectl apply -k} would send.
 * Shared by the checks of the rendered manifests (schemas, routes).
 */
public final class RenderedManifests {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final long RENDER_TIMEOUT_SECONDS = 120;

    private RenderedManifests() {
    }

    /** The infra module's directory: Maven runs the tests there (and says so in "basedir"). */
    public static Path infraDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /**
     * Every overlay under infra/overlays (a directory with a kustomization.yaml), sorted by name: the parameters of
     * the checks that run per overlay. None is an error: a check over no overlay would pass vacuously.
     */
    public static List<Path> overlays() {
        Path overlays = infraDir().resolve("overlays");
        List<Path> found = List.of();
        if (Files.isDirectory(overlays)) {
            try (Stream<Path> dirs = Files.list(overlays)) {
                found = dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml"))).sorted().toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + overlays, e);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no overlay (a directory with a kustomization.yaml) under " + overlays);
        }
        return found;
    }

    /** Renders a kustomization directory with {@code kubectl kustomize} and returns its objects in order. */
    public static List<JsonNode> render(Path kustomization) {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render " + kustomization
                    + " and could not be started (is kubectl 1.32 on the PATH?): " + e.getMessage(), e);
        }
        // Both streams are drained at once, so that a full stderr pipe cannot block kubectl.
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(kubectl.errorReader()));
        String stdout = readAll(kubectl.inputReader());
        try {
            if (!kubectl.waitFor(RENDER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kubectl.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " took over " + RENDER_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + kustomization, e);
        }
        if (kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + kustomization + " failed (exit " + kubectl.exitValue() + "):\n"
                    + stderr.join());
        }
        return parse(stdout);
    }

    /** Splits a multi-document YAML stream into its objects, skipping empty documents. */
    public static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.add(document);
                }
            }
        }
        return objects;
    }

    /** The objects of one apiVersion and kind, in rendered order. */
    public static List<JsonNode> ofKind(List<JsonNode> objects, String apiVersion, String kind) {
        return objects.stream()
                .filter(o -> o.path("apiVersion").asString("").equals(apiVersion) && o.path("kind").asString("").equals(kind))
                .toList();
    }

    /** The object of that apiVersion and kind named {@code namespace/name}, if rendered. */
    public static Optional<JsonNode> find(List<JsonNode> objects, String apiVersion, String kind, String namespace,
                                          String name) {
        return ofKind(objects, apiVersion, kind).stream()
                .filter(o -> o.path("metadata").path("name").asString("").equals(name)
                        && o.path("metadata").path("namespace").asString("").equals(namespace))
                .findFirst();
    }

    /** "Kind/name", how an object is named in messages. */
    public static String describe(JsonNode object) {
        return object.path("kind").asString("?") + "/" + object.path("metadata").path("name").asString("?");
    }

    private static String readAll(Reader reader) {
        try (reader) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubectl's output", e);
        }
    }
}

package io.flyteservices.infra.schema;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vendored schemas of infra/schemas, converted (see {@link SchemaConversion}) and indexed by the apiVersion and
 * kind each file declares in x-kubernetes-group-version-kind: a new kind is supported by adding its file, nothing else.
 */
final class Schemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The files are registered under this base, so that their relative $refs resolve among themselves. */
    private static final String BASE = "https://schemas.flyteservices.io/";
    /** The same files again, without "required", for the Knative pod check. */
    private static final String LENIENT_BASE = "https://schemas.flyteservices.io/without-required/";
    private static final String POD_SPEC = "kubernetes-1.32/_definitions.json#/definitions/V1PodSpec";

    private static final String KNATIVE_SERVICE = "serving.knative.dev/v1 Service";

    private final SchemaRegistry registry;
    private final Map<String, String> locationByApiVersionKind;
    private final Set<String> knativeRevisionFields;

    private Schemas(SchemaRegistry registry, Map<String, String> locationByApiVersionKind, Set<String> knativeRevisionFields) {
        this.registry = registry;
        this.locationByApiVersionKind = locationByApiVersionKind;
        this.knativeRevisionFields = knativeRevisionFields;
    }

    static Schemas load() {
        return load(RenderedManifests.infraDir().resolve("schemas"));
    }

    static Schemas load(Path dir) {
        Map<String, String> documents = new HashMap<>();
        Map<String, String> locations = new HashMap<>();
        Set<String> knativeRevisionFields = new TreeSet<>();
        for (Path file : jsonFiles(dir)) {
            String name = dir.relativize(file).toString().replace('\\', '/');
            JsonNode schema = JSON.readTree(file.toFile());
            documents.put(BASE + name, JSON.writeValueAsString(SchemaConversion.strict(schema)));
            documents.put(LENIENT_BASE + name, JSON.writeValueAsString(SchemaConversion.withoutRequired(SchemaConversion.strict(schema))));
            for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asString("");
                String apiVersion = (group.isEmpty() ? "" : group + "/") + gvk.path("version").asString();
                String previous = locations.put(key(apiVersion, gvk.path("kind").asString()), BASE + name);
                if (previous != null) {
                    throw new IllegalStateException(apiVersion + " " + gvk.path("kind").asString() + " has two schemas: " + previous + " and " + name);
                }
                if (key(apiVersion, gvk.path("kind").asString()).equals(KNATIVE_SERVICE)) {
                    knativeRevisionFields.addAll(schema.at("/properties/spec/properties/template/properties/spec/properties").propertyNames());
                }
            }
        }
        // Problems name their place as a JSON path ($.spec.replicas), the form kubectl users read.
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(documents).schemaRegistryConfig(config));
        return new Schemas(registry, locations, knativeRevisionFields);
    }

    /** The schema of an object's apiVersion and kind, if one is vendored. */
    Optional<Schema> of(JsonNode object) {
        String location = locationByApiVersionKind.get(key(object.path("apiVersion").asString(""), object.path("kind").asString("")));
        return Optional.ofNullable(location).map(l -> registry.getSchema(SchemaLocation.of(l)));
    }

    /**
     * Core PodSpec without "required": what a Knative Service's spec.template.spec is checked against. Knative takes
     * a subset of PodSpec and fills in some fields PodSpec requires (a container's name, a probe's port).
     */
    Schema knativePodSpec() {
        return registry.getSchema(SchemaLocation.of(LENIENT_BASE + POD_SPEC));
    }

    /** The fields of a Knative pod template that Knative adds to PodSpec (containerConcurrency...): its CRD checks them. */
    Set<String> knativeRevisionFields() {
        return knativeRevisionFields;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the schemas in " + dir, e);
        }
    }
}

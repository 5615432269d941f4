package io.flyteservices.infra.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Checks Kubernetes objects against their schemas and lists every problem, each with its object and JSON path. */
final class ManifestValidator {
    private final Schemas schemas;

    ManifestValidator(Schemas schemas) {
        this.schemas = schemas;
    }

    /** Every problem of every object; empty when all of them match their schemas. */
    List<String> problems(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            String name = RenderedManifests.describe(object);
            Optional<Schema> schema = schemas.of(object);
            if (schema.isEmpty()) {
                // A kind without a schema would pass unchecked: it must come with one.
                problems.add(name + ": no schema for apiVersion " + object.path("apiVersion").asString("(none)")
                        + " kind " + object.path("kind").asString("(none)") + " in infra/schemas");
                continue;
            }
            report(problems, name, "$", schema.get().validate(object));
            if (isKnativeService(object)) {
                // The Knative CRD leaves the pod template open; check it against PodSpec so typos there are caught.
                if (object.at("/spec/template/spec") instanceof ObjectNode revision) {
                    ObjectNode podSpec = revision.deepCopy();
                    podSpec.remove(schemas.knativeRevisionFields());
                    report(problems, name, "$.spec.template.spec", schemas.knativePodSpec().validate(podSpec));
                }
            }
        }
        return problems;
    }

    private static boolean isKnativeService(JsonNode object) {
        return object.path("apiVersion").asString("").equals("serving.knative.dev/v1") && object.path("kind").asString("").equals("Service");
    }

    /** Adds "Kind/name: $.path: message", the path taken from the object's root even for a checked sub-tree. */
    private static void report(List<String> problems, String name, String root, List<Error> errors) {
        for (Error error : errors) {
            String path = error.getInstanceLocation().toString();
            String fromRoot = root + path.substring(1);
            problems.add(name + ": " + fromRoot + ": " + error.getMessage());
        }
    }
}

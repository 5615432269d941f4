package io.flyteservices.infra.schema;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a vendored schema (Kubernetes' OpenAPI flavour of JSON Schema) into the JSON Schema the validator checks.
 * Done here, once, at load time, so the vendored files stay as their sources give them.
 */
final class SchemaConversion {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keywords whose values are schemas that describe the same instance, not a child of it. */
    private static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "not");

    private SchemaConversion() {
    }

    /**
     * A copy where Kubernetes' keywords become JSON Schema, and where every object schema that lists its
     * properties rejects any other property (as kubeconform -strict and the API server's field validation do),
     * unless it says otherwise with additionalProperties or x-kubernetes-preserve-unknown-fields.
     */
    static JsonNode strict(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        convert(copy, true);
        return copy;
    }

    /** A copy without "required": for the parts of PodSpec that Knative defaults (container name, probe port). */
    static JsonNode withoutRequired(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        copy.findParents("required").forEach(parent -> {
            if (parent.get("required").isArray()) {
                ((ObjectNode) parent).remove("required");
            }
        });
        return copy;
    }

    /**
     * Walks one schema. {@code describesObject} is false inside allOf/anyOf/oneOf/not: there a schema adds rules
     * to the instance its parent describes, and may list a few of its properties, so it must not close the object.
     */
    private static void convert(JsonNode node, boolean describesObject) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(schema.path("format").asString(""))) {
            intOrString(schema);
        }
        if (schema.path("nullable").asBoolean(false) && schema.get("type") != null && schema.get("type").isString()) {
            ArrayNode types = NODES.arrayNode().add(schema.get("type").asString()).add("null");
            schema.set("type", types);
        }
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (describesObject && schema.has("properties") && !schema.has("additionalProperties") && !open) {
            schema.put("additionalProperties", false);
        }
        for (var entry : schema.properties()) {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "properties", "definitions", "$defs", "patternProperties" -> value.forEach(child -> convert(child, true));
                case "items", "additionalProperties" -> convert(value, true);
                default -> {
                    if (COMBINATORS.contains(keyword)) {
                        if (value.isArray()) {
                            value.forEach(child -> convert(child, false));
                        } else {
                            convert(value, false);
                        }
                    }
                }
            }
        }
    }

    /** An int-or-string field takes either; the CRD generator already writes the anyOf, older CRDs only the marker. */
    private static void intOrString(ObjectNode schema) {
        schema.remove(List.of("type", "format"));
        if (!schema.has("anyOf")) {
            schema.putArray("anyOf").add(NODES.objectNode().put("type", "integer")).add(NODES.objectNode().put("type", "string"));
        }
    }
}

package io.flyteservices.infra.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every object of every overlay, as kubectl kustomize renders it, matches the schema of its kind. */
class ManifestSchemaTest {
    private static ManifestValidator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = new ManifestValidator(Schemas.load());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.flyteservices.infra.schema.RenderedManifests#overlays")
    void everyRenderedObjectMatchesItsSchema(Path overlay) {
        List<JsonNode> objects = RenderedManifests.render(overlay);
        assertFalse(objects.isEmpty(), overlay + " renders no object");
        List<String> problems = validator.problems(objects);
        assertTrue(problems.isEmpty(), () -> overlay.getFileName() + ": " + problems.size() + " schema problem(s) in "
                + objects.size() + " objects:\n  " + String.join("\n  ", problems));
    }
}

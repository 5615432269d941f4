package io.flyteservices.infra.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check rejects what it should (so a green overlay test means something) and accepts valid objects. */
class ManifestValidatorTest {
    private static ManifestValidator validator;

    @BeforeAll
    static void loadSchemas() {
        validator = new ManifestValidator(Schemas.load());
    }

    @Test
    void acceptsValidObjects() {
        assertEquals(List.of(), problems("valid.yaml"));
    }

    @Test
    void rejectsAMisspelledField() {
        assertOneProblemAt("deployment-misspelled-field.yaml", "Deployment/misspelled: $.spec.template.spec.containers[0]:", "imagePullPolicyy");
    }

    @Test
    void rejectsAWrongType() {
        assertOneProblemAt("deployment-wrong-type.yaml", "Deployment/wrong-type: $.spec.replicas:", "integer");
    }

    @Test
    void rejectsAMisspelledFieldInAKnativeContainer() {
        assertOneProblemAt("knative-misspelled-container-field.yaml",
                "Service/misspelled: $.spec.template.spec.containers[0].livenessProbe:", "initialDelaySecond");
    }

    @Test
    void rejectsAKindWithoutSchema() {
        assertOneProblemAt("unknown-kind.yaml", "Widget/unknown: no schema for apiVersion example.com/v1 kind Widget", "");
    }

    private static void assertOneProblemAt(String fixture, String prefix, String mention) {
        List<String> problems = problems(fixture);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        assertTrue(problems.getFirst().startsWith(prefix) && problems.getFirst().contains(mention),
                () -> "expected a problem starting with \"" + prefix + "\" that mentions \"" + mention + "\", got " + problems);
    }

    private static List<String> problems(String fixture) {
        try (InputStream yaml = ManifestValidatorTest.class.getResourceAsStream("/schema/" + fixture)) {
            return validator.problems(RenderedManifests.parse(new String(yaml.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the fixture " + fixture, e);
        }
    }
}

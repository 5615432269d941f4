package io.flyteservices.validation;

import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import build.buf.validate.Violation;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.common.TriggerName;
import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListRunsRequest;
import io.flyteservices.error.ControlPlaneException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The buf.validate rules as enforced, with the one relaxation of BEHAVIOR (Conventions): an empty org. */
class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator();

    private static RunIdentifier run(String org) {
        return RunIdentifier.newBuilder().setOrg(org).setProject("proj").setDomain("development").setName("r1").build();
    }

    @Test
    void shouldAcceptRunIdentifierWhenOrgIsEmpty() {
        assertThatCode(() -> validator.validate(run(""))).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(GetRunDetailsRequest.newBuilder().setRunId(run("")).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptProjectIdentifierWhenOrganizationIsEmpty() {
        ProjectIdentifier project = ProjectIdentifier.newBuilder().setOrganization("").setName("proj")
                .setDomain("development").build();

        assertThatCode(() -> validator.validate(project)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(ListRunsRequest.newBuilder().setProjectId(project).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptListRunsByOrgWhenOrgIsEmpty() {
        assertThatCode(() -> validator.validate(ListRunsRequest.newBuilder().setOrg("").build()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptTriggerNameWhenOrgIsEmpty() {
        TriggerName trigger = TriggerName.newBuilder().setOrg("").setProject("p").setDomain("d").setName("n")
                .setTaskName("t").build();

        assertThatCode(() -> validator.validate(ListRunsRequest.newBuilder().setTriggerName(trigger).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectRunIdentifierWhenProjectIsEmpty() {
        assertThatThrownBy(() -> validator.validate(run("").toBuilder().setProject("").build()))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("project: ");
        assertThatThrownBy(() -> validator.validate(ProjectIdentifier.newBuilder().setDomain("d").build()))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("name: ");
    }

    @Test
    void shouldRejectOrgWhenItIsTooLong() {
        // Only min_len is relaxed: an org longer than 63 characters still breaks max_len.
        assertThatThrownBy(() -> validator.validate(run("o".repeat(64))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("org: ");
    }

    @Test
    void shouldNameNestedFieldPathWhenNestedFieldIsInvalid() {
        GetRunDetailsRequest request = GetRunDetailsRequest.newBuilder()
                .setRunId(run("").toBuilder().setName("")).build();

        assertThatThrownBy(() -> validator.validate(request))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("run_id.name: ");
    }

    @Test
    void shouldNameDeeplyNestedPathWhenActionRunIsInvalid() {
        AbortQueuedActionRequest request = AbortQueuedActionRequest.newBuilder()
                .setActionId(ActionIdentifier.newBuilder().setRun(run("").toBuilder().setDomain("")).setName("x"))
                .build();

        assertThatThrownBy(() -> validator.validate(request))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("action_id.run.domain: ");
    }

    @Test
    void shouldNameMissingMessageWhenRequiredFieldIsAbsent() {
        assertThatThrownBy(() -> validator.validate(GetRunDetailsRequest.getDefaultInstance()))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("run_id: ");
    }

    @Test
    void shouldListEveryViolationWhenSeveralFieldsAreInvalid() {
        RunIdentifier bad = RunIdentifier.newBuilder().setOrg("").setProject("").setDomain("").setName("").build();

        assertThatThrownBy(() -> validator.validate(GetRunDetailsRequest.newBuilder().setRunId(bad).build()))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("run_id.project: ")
                .hasMessageContaining("run_id.domain: ")
                .hasMessageContaining("run_id.name: ")
                .hasMessageContaining("; ")
                .hasMessageNotContaining("run_id.org");
    }

    @Test
    void shouldRelaxViolationOnlyWhenItIsMinLengthOfAnOrgField() {
        assertThat(RequestValidator.isRelaxed(violation("string.min_len", "run_id", "org"))).isTrue();
        assertThat(RequestValidator.isRelaxed(violation("string.min_len", "project_id", "organization"))).isTrue();
        assertThat(RequestValidator.isRelaxed(violation("string.max_len", "run_id", "org"))).isFalse();
        assertThat(RequestValidator.isRelaxed(violation("string.min_len", "run_id", "project"))).isFalse();
        assertThat(RequestValidator.isRelaxed(violation("string.min_len", "org", "name"))).isFalse();
        assertThat(RequestValidator.isRelaxed(violation("string.min_len"))).isFalse();
    }

    private static Violation violation(String ruleId, String... path) {
        FieldPath.Builder field = FieldPath.newBuilder();
        for (String element : path) {
            field.addElements(FieldPathElement.newBuilder().setFieldName(element));
        }
        return Violation.newBuilder().setField(field).setRuleId(ruleId).setMessage("m").build();
    }
}

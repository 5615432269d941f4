package io.flyteservices.auth;

import com.google.protobuf.Message;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import io.flyteservices.error.ControlPlaneException;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantScopeTest {

    private static final Caller ALICE = new Caller("alice", "a", Set.of(), "");
    private static final Caller CAROL = new Caller("carol", "a", Set.of("p1"), "");
    private static final RunIdentifier RUN_OF_B = RunIdentifier.newBuilder().setOrg("b").setProject("p1")
            .setDomain("development").setName("r1").build();

    @Test
    void shouldHaveARuleForTheRequestOfEveryWorkflowMethod() {
        Stream.of(RunServiceGrpc.getServiceDescriptor(), QueueServiceGrpc.getServiceDescriptor(),
                        StateServiceGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(Collection::stream)
                .forEach(method -> assertThatCode(() -> TenantScope.targets(emptyRequest(method)))
                        .as(method.getFullMethodName()).doesNotThrowAnyException());
    }

    @Test
    void shouldRefuseMessagesWithoutARule() {
        assertThatThrownBy(() -> TenantScope.check(RUN_OF_B, ALICE))
                .isInstanceOf(ControlPlaneException.PermissionDenied.class)
                .hasMessageContaining("no tenant rule for flyteidl2.common.RunIdentifier");
    }

    @Test
    void shouldRefuseAnotherOrgsRunAndAllowOnesOwn() {
        GetRunDetailsRequest foreign = GetRunDetailsRequest.newBuilder().setRunId(RUN_OF_B).build();
        GetRunDetailsRequest own = foreign.toBuilder().setRunId(RUN_OF_B.toBuilder().setOrg("a")).build();

        assertThatThrownBy(() -> TenantScope.check(foreign, ALICE))
                .isInstanceOf(ControlPlaneException.PermissionDenied.class)
                .hasMessage("'alice' may not access org 'b': the token grants org 'a'");
        assertThatCode(() -> TenantScope.check(own, ALICE)).doesNotThrowAnyException();
        assertThatCode(() -> TenantScope.check(foreign, Caller.UNSCOPED)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseProjectsOutsideTheTokensList() {
        ListRunsRequest otherProject = ListRunsRequest.newBuilder().setProjectId(ProjectIdentifier.newBuilder()
                .setOrganization("a").setName("p2").setDomain("development")).build();
        ListRunsRequest wholeOrg = ListRunsRequest.newBuilder().setOrg("a").build();

        assertThatThrownBy(() -> TenantScope.check(otherProject, CAROL))
                .isInstanceOf(ControlPlaneException.PermissionDenied.class)
                .hasMessageContaining("project 'p2' of org 'a'");
        assertThatCode(() -> TenantScope.check(wholeOrg, CAROL)).as("narrowed when listed, not refused")
                .doesNotThrowAnyException();
    }

    @Test
    void shouldCheckTheTaskARunStartsAsWellAsWhereItGoes() {
        CreateRunRequest borrowed = CreateRunRequest.newBuilder()
                .setRunId(RUN_OF_B.toBuilder().setOrg("a"))
                .setTaskId(TaskIdentifier.newBuilder().setOrg("b").setProject("p1").setDomain("development")
                        .setName("t").setVersion("v1"))
                .build();

        assertThatThrownBy(() -> TenantScope.check(borrowed, ALICE))
                .isInstanceOf(ControlPlaneException.PermissionDenied.class);
    }

    @Test
    void shouldLeaveUnsetTargetsToTheValidatorButCheckTheDefaultOrg() {
        PutRequest unset = PutRequest.newBuilder().setState("{}").build();
        PutRequest defaultOrg = PutRequest.newBuilder().setActionId(ActionIdentifier.newBuilder()
                .setRun(RUN_OF_B.toBuilder().setOrg("")).setName("a0")).setState("{}").build();

        assertThat(TenantScope.targets(unset)).isEmpty();
        assertThatThrownBy(() -> TenantScope.check(defaultOrg, CAROL))
                .isInstanceOf(ControlPlaneException.PermissionDenied.class)
                .hasMessageContaining("may not access org ''");
    }

    private static Message emptyRequest(MethodDescriptor<?, ?> method) {
        Object parsed = method.getRequestMarshaller().parse(new ByteArrayInputStream(new byte[0]));
        return (Message) parsed;
    }
}

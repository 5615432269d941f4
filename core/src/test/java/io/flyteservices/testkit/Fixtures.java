package io.flyteservices.testkit;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.core.Container;
import flyteidl2.core.Identifier;
import flyteidl2.core.Literal;
import flyteidl2.core.Primitive;
import flyteidl2.core.ResourceType;
import flyteidl2.core.Scalar;
import flyteidl2.core.TaskTemplate;
import flyteidl2.task.Inputs;
import flyteidl2.task.NamedLiteral;
import flyteidl2.task.TaskSpec;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.TaskAction;

import java.util.concurrent.atomic.AtomicInteger;

/** Builders of valid requests; tests change what they need. Names are unique per JVM. */
public final class Fixtures {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String JVM = Long.toString(ProcessHandle.current().pid(), 36);

    private Fixtures() {
    }

    /** A project name no other test uses. */
    public static String uniqueProject() {
        return "p" + JVM + "-" + COUNTER.incrementAndGet();
    }

    /** A run name no other test uses (a valid DNS-1035 label). */
    public static String uniqueRunName() {
        return "run-" + JVM + "-" + COUNTER.incrementAndGet();
    }

    public static RunIdentifier runId(String project, String name) {
        return RunIdentifier.newBuilder().setOrg("").setProject(project).setDomain("development").setName(name).build();
    }

    public static ActionIdentifier actionId(RunIdentifier run, String name) {
        return ActionIdentifier.newBuilder().setRun(run).setName(name).build();
    }

    public static ProjectIdentifier projectId(String project) {
        return ProjectIdentifier.newBuilder().setOrganization("").setName(project).setDomain("development").build();
    }

    /** A task that prints a greeting: a container command the local backend can run. */
    public static TaskSpec taskSpec(String shortName) {
        return TaskSpec.newBuilder()
                .setShortName(shortName)
                .setTaskTemplate(TaskTemplate.newBuilder()
                        .setId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject("demo")
                                .setDomain("development").setName("examples." + shortName).setVersion("v1"))
                        .setType("container")
                        .setContainer(Container.newBuilder().setImage("busybox").addCommand("echo")
                                .addArgs("hello")))
                .build();
    }

    public static Inputs inputs(String name, String value) {
        return Inputs.newBuilder().addLiterals(NamedLiteral.newBuilder().setName(name).setValue(
                Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(
                        Primitive.newBuilder().setStringValue(value))))).build();
    }

    public static CreateRunRequest createRun(RunIdentifier run) {
        return CreateRunRequest.newBuilder()
                .setRunId(run)
                .setTaskSpec(taskSpec("hello"))
                .setInputs(inputs("name", "world"))
                .build();
    }

    public static EnqueueActionRequest enqueue(RunIdentifier run, String action, String parent) {
        EnqueueActionRequest.Builder r = EnqueueActionRequest.newBuilder()
                .setActionId(actionId(run, action))
                .setInputUri("s3://flyte-test/" + run.getName() + "/" + action + "/inputs.pb")
                .setRunOutputBase("s3://flyte-test/" + run.getName() + "/")
                .setTask(TaskAction.newBuilder().setSpec(taskSpec("child")));
        if (parent != null) {
            r.setParentActionName(parent);
        }
        return r.build();
    }
}

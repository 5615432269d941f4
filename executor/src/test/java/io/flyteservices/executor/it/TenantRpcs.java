package io.flyteservices.executor.it;

import com.google.protobuf.Message;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ClusterIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.common.TriggerName;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.AbortQueuedRunRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRequest;
import flyteidl2.workflow.GetResponse;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.PutResponse;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunsRequest;
import io.flyteservices.testkit.Fixtures;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One request of every RPC of the workflow services, all naming one run (its org, project, root action), for
 * checking that the run's tenant scope decides who may make them.
 */
final class TenantRpcs {

    /** A method and a request for it. */
    record Rpc<Q extends Message>(MethodDescriptor<Q, ?> method, Q request) {

        ProtocolClient.Answer call(ProtocolClient client, ProtocolClient.Protocol protocol, String token,
                                   Duration deadline) {
            return client.call(protocol, method, request, token, deadline);
        }

        String name() {
            return method.getBareMethodName();
        }

        /** The answer's code, or for State Put/Get (whose outcome is in band) the first response's code. */
        Status.Code outcome(ProtocolClient.Answer answer) {
            if (answer.messages().isEmpty()) {
                return answer.code();
            }
            int inBand = switch (answer.parsed(method).getFirst()) {
                case PutResponse put -> put.getStatus().getCode();
                case GetResponse get -> get.getStatus().getCode();
                default -> -1;
            };
            return inBand < 0 ? answer.code() : Status.fromCodeValue(inBand).getCode();
        }

        boolean streams() {
            return method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
        }
    }

    static final Set<String> MUTATING = Set.of("CreateRun", "AbortRun", "AbortAction", "EnqueueAction",
            "AbortQueuedRun", "AbortQueuedAction", "Put");

    private TenantRpcs() {
    }

    /** Every RPC, naming {@code run} (whose runs are on {@code cluster}) or its org or project. */
    static List<Rpc<?>> naming(RunIdentifier run, String cluster) {
        ActionIdentifier root = Fixtures.actionId(run, "a0");
        ProjectIdentifier project = ProjectIdentifier.newBuilder().setOrganization(run.getOrg())
                .setName(run.getProject()).setDomain(run.getDomain()).build();
        RunIdentifier another = run.toBuilder().setName(Fixtures.uniqueRunName()).build();
        List<Rpc<?>> rpcs = new ArrayList<>();
        add(rpcs, RunServiceGrpc.getCreateRunMethod(), Fixtures.createRun(another));
        add(rpcs, RunServiceGrpc.getCreateRunMethod(), CreateRunRequest.newBuilder()
                .setProjectId(project).setTaskSpec(Fixtures.taskSpec("hello")).build());
        add(rpcs, RunServiceGrpc.getAbortRunMethod(), AbortRunRequest.newBuilder().setRunId(run).build());
        add(rpcs, RunServiceGrpc.getAbortActionMethod(),
                AbortActionRequest.newBuilder().setActionId(root).build());
        add(rpcs, RunServiceGrpc.getGetRunDetailsMethod(),
                GetRunDetailsRequest.newBuilder().setRunId(run).build());
        add(rpcs, RunServiceGrpc.getGetActionDetailsMethod(),
                GetActionDetailsRequest.newBuilder().setActionId(root).build());
        add(rpcs, RunServiceGrpc.getGetActionDataMethod(),
                GetActionDataRequest.newBuilder().setActionId(root).build());
        add(rpcs, RunServiceGrpc.getListRunsMethod(), ListRunsRequest.newBuilder().setOrg(run.getOrg()).build());
        add(rpcs, RunServiceGrpc.getListRunsMethod(), ListRunsRequest.newBuilder().setProjectId(project).build());
        add(rpcs, RunServiceGrpc.getListRunsMethod(), ListRunsRequest.newBuilder().setTriggerName(
                TriggerName.newBuilder().setOrg(run.getOrg()).setProject(run.getProject()).setDomain(run.getDomain())
                        .setName("nightly").setTaskName("hello")).build());
        add(rpcs, RunServiceGrpc.getListActionsMethod(), ListActionsRequest.newBuilder().setRunId(run).build());
        add(rpcs, RunServiceGrpc.getWatchRunDetailsMethod(),
                WatchRunDetailsRequest.newBuilder().setRunId(run).build());
        add(rpcs, RunServiceGrpc.getWatchActionDetailsMethod(),
                WatchActionDetailsRequest.newBuilder().setActionId(root).build());
        add(rpcs, RunServiceGrpc.getWatchRunsMethod(), WatchRunsRequest.newBuilder().setOrg(run.getOrg()).build());
        add(rpcs, RunServiceGrpc.getWatchRunsMethod(), WatchRunsRequest.newBuilder().setProjectId(project).build());
        add(rpcs, RunServiceGrpc.getWatchRunsMethod(), WatchRunsRequest.newBuilder().setClusterId(
                ClusterIdentifier.newBuilder().setOrganization(run.getOrg()).setName(cluster)).build());
        add(rpcs, RunServiceGrpc.getWatchRunsMethod(), WatchRunsRequest.newBuilder().setTaskId(
                TaskIdentifier.newBuilder().setOrg(run.getOrg()).setProject(run.getProject())
                        .setDomain(run.getDomain()).setName("hello").setVersion("v1")).build());
        add(rpcs, RunServiceGrpc.getWatchActionsMethod(), WatchActionsRequest.newBuilder().setRunId(run).build());
        add(rpcs, RunServiceGrpc.getWatchClusterEventsMethod(),
                WatchClusterEventsRequest.newBuilder().setId(root).setAttempt(1).build());
        add(rpcs, QueueServiceGrpc.getEnqueueActionMethod(), Fixtures.enqueue(run, "child", "a0"));
        add(rpcs, QueueServiceGrpc.getAbortQueuedRunMethod(),
                AbortQueuedRunRequest.newBuilder().setRunId(run).build());
        add(rpcs, QueueServiceGrpc.getAbortQueuedActionMethod(),
                AbortQueuedActionRequest.newBuilder().setActionId(root).build());
        add(rpcs, StateServiceGrpc.getPutMethod(), PutRequest.newBuilder()
                .setActionId(Fixtures.actionId(run, "state-child")).setParentActionName("a0")
                .setState("{\"phase\":\"PHASE_QUEUED\"}").build());
        add(rpcs, StateServiceGrpc.getGetMethod(), GetRequest.newBuilder().setActionId(root).build());
        add(rpcs, StateServiceGrpc.getWatchMethod(), WatchRequest.newBuilder().setParentActionId(root).build());
        return rpcs;
    }

    private static <Q extends Message> void add(List<Rpc<?>> rpcs, MethodDescriptor<Q, ?> method, Q request) {
        rpcs.add(new Rpc<>(method, request));
    }

    /** Full names of every method of the three services, to show {@link #naming} leaves none out. */
    static Set<String> allMethods() {
        return Stream.of(RunServiceGrpc.getServiceDescriptor(), QueueServiceGrpc.getServiceDescriptor(),
                        StateServiceGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(Collection::stream)
                .map(MethodDescriptor::getFullMethodName).collect(Collectors.toSet());
    }

    static Set<String> methodsOf(List<Rpc<?>> rpcs) {
        return rpcs.stream().map(r -> r.method().getFullMethodName()).collect(Collectors.toSet());
    }
}

package io.flyteservices.functions.badinput;

import com.google.protobuf.Message;
import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.common.Sort;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.AbortQueuedRunRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;
import io.grpc.MethodDescriptor;
import io.grpc.Status.Code;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import static io.grpc.Status.Code.ALREADY_EXISTS;
import static io.grpc.Status.Code.FAILED_PRECONDITION;
import static io.grpc.Status.Code.INVALID_ARGUMENT;
import static io.grpc.Status.Code.NOT_FOUND;
import static io.grpc.Status.Code.OK;
import static io.grpc.Status.Code.RESOURCE_EXHAUSTED;

/** Every unary RPC of QueueService and RunService, with the codes BEHAVIOR.md allows each. */
final class UnaryRpcs {

    /** Any RPC may be valid, invalid, name something missing, or exceed a size limit (BEHAVIOR, Conventions). */
    private static final Set<Code> COMMON = EnumSet.of(OK, INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED);

    static final UnaryRpc ENQUEUE_ACTION = rpc(QueueServiceGrpc.getEnqueueActionMethod(),
            EnumSet.of(ALREADY_EXISTS, FAILED_PRECONDITION),
            w -> w.enqueue(w.newRun(), w.freshActionName()));
    static final UnaryRpc ABORT_QUEUED_RUN = rpc(QueueServiceGrpc.getAbortQueuedRunMethod(), Set.of(),
            w -> AbortQueuedRunRequest.newBuilder().setRunId(w.newRun()).setReason("enough").build());
    static final UnaryRpc ABORT_QUEUED_ACTION = rpc(QueueServiceGrpc.getAbortQueuedActionMethod(), Set.of(),
            w -> AbortQueuedActionRequest.newBuilder().setActionId(Fixtures.actionId(w.newRun(), "a0"))
                    .setReason("enough").build());
    static final UnaryRpc CREATE_RUN = rpc(RunServiceGrpc.getCreateRunMethod(), EnumSet.of(ALREADY_EXISTS),
            w -> Fixtures.createRun(w.freshRunId()));
    static final UnaryRpc ABORT_RUN = rpc(RunServiceGrpc.getAbortRunMethod(), Set.of(),
            w -> AbortRunRequest.newBuilder().setRunId(w.newRun()).setReason("enough").build());
    static final UnaryRpc ABORT_ACTION = rpc(RunServiceGrpc.getAbortActionMethod(), Set.of(),
            w -> AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(w.newRun(), "a0"))
                    .setReason("enough").build());
    static final UnaryRpc GET_RUN_DETAILS = rpc(RunServiceGrpc.getGetRunDetailsMethod(), Set.of(),
            w -> GetRunDetailsRequest.newBuilder().setRunId(w.readRun()).build());
    static final UnaryRpc GET_ACTION_DETAILS = rpc(RunServiceGrpc.getGetActionDetailsMethod(), Set.of(),
            w -> GetActionDetailsRequest.newBuilder().setActionId(w.readAction("c1")).build());
    static final UnaryRpc GET_ACTION_DATA = rpc(RunServiceGrpc.getGetActionDataMethod(), Set.of(),
            w -> GetActionDataRequest.newBuilder().setActionId(w.readAction("a0")).build());
    static final UnaryRpc LIST_RUNS = rpc(RunServiceGrpc.getListRunsMethod(), Set.of(),
            w -> ListRunsRequest.newBuilder().setProjectId(Fixtures.projectId(w.project()))
                    .setRequest(listRequest("run_name")).build());
    static final UnaryRpc LIST_ACTIONS = rpc(RunServiceGrpc.getListActionsMethod(), Set.of(),
            w -> ListActionsRequest.newBuilder().setRunId(w.readRun()).setRequest(listRequest("action_name")).build());

    static final Set<UnaryRpc> ALL = Set.of(ENQUEUE_ACTION, ABORT_QUEUED_RUN, ABORT_QUEUED_ACTION, CREATE_RUN,
            ABORT_RUN, ABORT_ACTION, GET_RUN_DETAILS, GET_ACTION_DETAILS, GET_ACTION_DATA, LIST_RUNS, LIST_ACTIONS);

    private UnaryRpcs() {
    }

    /** A page request with a filter and a sort key, so their fields are sites too. */
    private static ListRequest listRequest(String nameField) {
        return ListRequest.newBuilder()
                .setLimit(20)
                .addFilters(Filter.newBuilder().setField(nameField).setFunction(Filter.Function.CONTAINS)
                        .addValues("a"))
                .addSortByFields(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <Q extends Message, R extends Message> UnaryRpc rpc(MethodDescriptor<Q, R> method,
                                                                      Set<Code> more,
                                                                      Function<FixtureWorld, Q> validRequest) {
        Set<Code> documented = EnumSet.copyOf(COMMON);
        documented.addAll(more);
        return new UnaryRpc((MethodDescriptor<Message, Message>) (MethodDescriptor<?, ?>) method,
                Set.copyOf(documented), validRequest::apply);
    }
}

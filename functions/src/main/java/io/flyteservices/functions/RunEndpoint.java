package io.flyteservices.functions;

import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortActionResponse;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.AbortRunResponse;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDataResponse;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetActionDetailsResponse;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.GetRunDetailsResponse;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListActionsResponse;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.auth.Caller;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.queue.Aborter;
import io.flyteservices.runs.ActionDataReader;
import io.flyteservices.runs.RunCreator;
import io.flyteservices.runs.RunLister;
import io.flyteservices.runs.RunReader;
import io.flyteservices.validation.RequestValidator;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

/** RunService, unary half. The Watch* streams are served by the watch gateway. */
@Singleton
public final class RunEndpoint implements RunServiceGrpc.AsyncService {

    private final RequestValidator validator;
    private final RunCreator creator;
    private final RunReader reader;
    private final ActionDataReader data;
    private final RunLister lister;
    private final Aborter aborter;

    public RunEndpoint(RequestValidator validator, RunCreator creator, RunReader reader, ActionDataReader data,
                       RunLister lister, Aborter aborter) {
        this.validator = validator;
        this.creator = creator;
        this.reader = reader;
        this.data = data;
        this.lister = lister;
        this.aborter = aborter;
    }

    @Override
    public void createRun(CreateRunRequest request, StreamObserver<CreateRunResponse> observer) {
        Unary.respond(observer, () -> CreateRunResponse.newBuilder().setRun(creator.create(request)).build());
    }

    @Override
    public void abortRun(AbortRunRequest request, StreamObserver<AbortRunResponse> observer) {
        Unary.respond(observer, () -> {
            validator.validate(request);
            aborter.abortRun(RunKey.of(request.getRunId()), request.getReason(), Caller.current().identity());
            return AbortRunResponse.getDefaultInstance();
        });
    }

    @Override
    public void abortAction(AbortActionRequest request, StreamObserver<AbortActionResponse> observer) {
        Unary.respond(observer, () -> {
            validator.validate(request);
            aborter.abortAction(ActionKey.of(request.getActionId()), request.getReason(),
                    Caller.current().identity());
            return AbortActionResponse.getDefaultInstance();
        });
    }

    @Override
    public void getRunDetails(GetRunDetailsRequest request, StreamObserver<GetRunDetailsResponse> observer) {
        Unary.respond(observer, () -> GetRunDetailsResponse.newBuilder().setDetails(reader.runDetails(request)).build());
    }

    @Override
    public void getActionDetails(GetActionDetailsRequest request,
                                 StreamObserver<GetActionDetailsResponse> observer) {
        Unary.respond(observer, () -> GetActionDetailsResponse.newBuilder()
                .setDetails(reader.actionDetails(request)).build());
    }

    @Override
    public void getActionData(GetActionDataRequest request, StreamObserver<GetActionDataResponse> observer) {
        Unary.respond(observer, () -> data.read(request));
    }

    @Override
    public void listRuns(ListRunsRequest request, StreamObserver<ListRunsResponse> observer) {
        Unary.respond(observer, () -> lister.listRuns(request));
    }

    @Override
    public void listActions(ListActionsRequest request, StreamObserver<ListActionsResponse> observer) {
        Unary.respond(observer, () -> lister.listActions(request));
    }
}

package io.flyteservices.runs;

import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.TriggerName;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListActionsResponse;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.ListRunsResponse;
import flyteidl2.workflow.Run;
import io.flyteservices.auth.Caller;
import io.flyteservices.error.Errors;
import io.flyteservices.model.RunKey;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.RunStore;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;

import java.util.List;

/** ListRuns and ListActions: one keyset-paged query each (see {@link ListQuery}). */
@Singleton
public final class RunLister {

    private final RequestValidator validator;
    private final Db db;
    private final RunStore runs;
    private final ActionStore actions;

    public RunLister(RequestValidator validator, Db db, RunStore runs, ActionStore actions) {
        this.validator = validator;
        this.db = db;
        this.runs = runs;
        this.actions = actions;
    }

    /** The runs the current call's caller may see. */
    public ListRunsResponse listRuns(ListRunsRequest request) {
        return listRuns(request, Caller.current());
    }

    /** The runs {@code caller} may see: those of the request's scope, in the caller's projects where it has a list. */
    public ListRunsResponse listRuns(ListRunsRequest request, Caller caller) {
        validator.validate(request);
        ListQuery query = switch (request.getScopeByCase()) {
            case ORG -> ListQuery.runsOfOrg(request.getRequest(), request.getOrg());
            case PROJECT_ID -> {
                ProjectIdentifier p = request.getProjectId();
                yield ListQuery.runsOfProject(request.getRequest(), p.getOrganization(), p.getName(), p.getDomain());
            }
            case TRIGGER_NAME -> {
                TriggerName t = request.getTriggerName();
                yield ListQuery.runsOfTrigger(request.getRequest(), t.getOrg(), t.getProject(), t.getDomain(),
                        t.getName(), t.getTaskName());
            }
            case SCOPEBY_NOT_SET -> throw Errors.invalidField("scope_by", "one of org, project_id or trigger_name is required");
        };
        if (caller.projectRestricted()) {
            query.restrictToProjects(caller.projects());
        }
        List<ActionRow> rows = db.read("listing runs", c -> actions.list(c, query.toQuery()));
        ListRunsResponse.Builder response = ListRunsResponse.newBuilder().setToken(query.nextToken(rows));
        rows.stream().limit(query.limit())
                .forEach(r -> response.addRuns(Run.newBuilder().setAction(ActionProtos.toAction(r))));
        return response.build();
    }

    public ListActionsResponse listActions(ListActionsRequest request) {
        validator.validate(request);
        RunKey key = RunKey.of(request.getRunId());
        Page page = db.inSnapshot("listing actions", c -> {
            long runId = runs.findByKey(c, key).orElseThrow(() -> Errors.notFound("run", key)).id();
            ListQuery query = ListQuery.actionsOfRun(request.getRequest(), runId);
            return new Page(query, actions.list(c, query.toQuery()));
        });
        ListActionsResponse.Builder response = ListActionsResponse.newBuilder()
                .setToken(page.query().nextToken(page.rows()));
        page.rows().stream().limit(page.query().limit()).forEach(r -> response.addActions(ActionProtos.toAction(r)));
        return response.build();
    }

    private record Page(ListQuery query, List<ActionRow> rows) {
    }
}

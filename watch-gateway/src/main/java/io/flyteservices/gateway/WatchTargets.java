package io.flyteservices.gateway;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.WatchRunsRequest;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.RunStore;
import jakarta.inject.Singleton;

/** Resolves what a watch is about before it subscribes: NOT_FOUND for a run or action that does not exist. */
@Singleton
public final class WatchTargets {

    private final Db db;
    private final RunStore runs;
    private final ActionStore actions;

    public WatchTargets(Db db, RunStore runs, ActionStore actions) {
        this.db = db;
        this.runs = runs;
        this.actions = actions;
    }

    public long runId(RunKey key) {
        return db.read("resolving watched run", c -> runs.findByKey(c, key))
                .orElseThrow(() -> Errors.notFound("run", key)).id();
    }

    public ActionRow action(ActionKey key) {
        return db.read("resolving watched action", c -> actions.findByKey(c, key))
                .orElseThrow(() -> Errors.notFound("action", key));
    }

    /** The ListRuns request whose answer is a WatchRuns target's snapshot: its newest {@code limit} runs. */
    static ListRunsRequest newestRuns(WatchRunsRequest watch, int limit) {
        ListRequest.Builder page = ListRequest.newBuilder().setLimit(limit);
        ListRunsRequest.Builder list = ListRunsRequest.newBuilder();
        switch (watch.getTargetCase()) {
            case ORG -> list.setOrg(watch.getOrg());
            case PROJECT_ID -> list.setProjectId(watch.getProjectId());
            case CLUSTER_ID -> {
                list.setOrg(watch.getClusterId().getOrganization());
                page.addFilters(equal("cluster", watch.getClusterId().getName()));
            }
            case TASK_ID -> {
                TaskIdentifier task = watch.getTaskId();
                list.setOrg(task.getOrg());
                page.addFilters(equal("task_project", task.getProject()))
                        .addFilters(equal("task_domain", task.getDomain()))
                        .addFilters(equal("task_name", task.getName()))
                        .addFilters(equal("task_version", task.getVersion()));
            }
            case TARGET_NOT_SET -> throw Errors.invalidField("target", "one of org, cluster_id, project_id or task_id"
                    + " is required");
        }
        return list.setRequest(page).build();
    }

    private static Filter equal(String field, String value) {
        return Filter.newBuilder().setField(field).setFunction(Filter.Function.EQUAL).addValues(value).build();
    }
}

package io.flyteservices.auth;

import com.google.protobuf.Message;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.common.TriggerName;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortQueuedActionRequest;
import flyteidl2.workflow.AbortQueuedRunRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunsRequest;
import io.flyteservices.error.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * What each request names, and the check that all of it is within the caller's org and projects. Every request
 * type of the workflow services has a rule here; a message without one is refused, so a new RPC cannot slip past
 * isolation unnoticed. A target left unset is passed on: the request validator refuses it as INVALID_ARGUMENT. An
 * empty org is the default org, checked like any other (a token always names a non-empty one).
 * Requests that name only an org (ListRuns, WatchRuns by org or cluster) are checked for the org here, and their
 * results are narrowed to the caller's projects where they list runs.
 */
public final class TenantScope {

    /** An org, and a project within it or null when the request names the whole org. */
    record Target(String org, String project) {
    }

    private TenantScope() {
    }

    /** Refuses {@code request} with PERMISSION_DENIED unless {@code caller} may use everything it names. */
    public static void check(Object request, Caller caller) {
        if (caller.unscoped() || !(request instanceof Message message)) {
            // Not a parsed request: the error mapping answers it as unreadable before any handler runs.
            return;
        }
        for (Target target : targets(message)) {
            if (!target.org().equals(caller.org())) {
                throw Errors.permissionDenied("'" + caller.subject() + "' may not access org '" + target.org()
                        + "': the token grants org '" + caller.org() + "'");
            }
            if (target.project() != null && !caller.sees(target.org(), target.project())) {
                throw Errors.permissionDenied("'" + caller.subject() + "' may not access project '"
                        + target.project() + "' of org '" + target.org() + "': the token grants "
                        + String.join(", ", caller.projects().stream().sorted().toList()));
            }
        }
    }

    /** As {@link #check(Object, Caller)} for the current call's caller. */
    public static void check(Object request) {
        check(request, Caller.current());
    }

    static List<Target> targets(Message request) {
        return switch (request) {
            case CreateRunRequest r -> createRun(r);
            case AbortRunRequest r -> run(r.hasRunId(), r.getRunId());
            case GetRunDetailsRequest r -> run(r.hasRunId(), r.getRunId());
            case WatchRunDetailsRequest r -> run(r.hasRunId(), r.getRunId());
            case ListActionsRequest r -> run(r.hasRunId(), r.getRunId());
            case WatchActionsRequest r -> run(r.hasRunId(), r.getRunId());
            case AbortQueuedRunRequest r -> run(r.hasRunId(), r.getRunId());
            case GetActionDetailsRequest r -> action(r.hasActionId(), r.getActionId());
            case WatchActionDetailsRequest r -> action(r.hasActionId(), r.getActionId());
            case GetActionDataRequest r -> action(r.hasActionId(), r.getActionId());
            case AbortActionRequest r -> action(r.hasActionId(), r.getActionId());
            case EnqueueActionRequest r -> action(r.hasActionId(), r.getActionId());
            case AbortQueuedActionRequest r -> action(r.hasActionId(), r.getActionId());
            case PutRequest r -> action(r.hasActionId(), r.getActionId());
            case GetRequest r -> action(r.hasActionId(), r.getActionId());
            case WatchClusterEventsRequest r -> action(r.hasId(), r.getId());
            case WatchRequest r -> action(r.hasParentActionId(), r.getParentActionId());
            case ListRunsRequest r -> switch (r.getScopeByCase()) {
                case ORG -> org(r.getOrg());
                case PROJECT_ID -> project(r.getProjectId());
                case TRIGGER_NAME -> trigger(r.getTriggerName());
                case SCOPEBY_NOT_SET -> List.of();
            };
            case WatchRunsRequest r -> switch (r.getTargetCase()) {
                case ORG -> org(r.getOrg());
                case CLUSTER_ID -> List.of(new Target(r.getClusterId().getOrganization(), null));
                case PROJECT_ID -> project(r.getProjectId());
                case TASK_ID -> task(r.getTaskId());
                case TARGET_NOT_SET -> List.of();
            };
            default -> throw Errors.permissionDenied("no tenant rule for "
                    + request.getDescriptorForType().getFullName());
        };
    }

    /** The run or project it goes into, and the task or trigger it starts: all must be the caller's. */
    private static List<Target> createRun(CreateRunRequest r) {
        List<Target> targets = new ArrayList<>();
        switch (r.getIdCase()) {
            case RUN_ID -> targets.addAll(run(true, r.getRunId()));
            case PROJECT_ID -> targets.addAll(project(r.getProjectId()));
            case ID_NOT_SET -> { }
        }
        switch (r.getTaskCase()) {
            case TASK_ID -> targets.addAll(task(r.getTaskId()));
            case TRIGGER_NAME -> targets.addAll(trigger(r.getTriggerName()));
            case TASK_SPEC, TASK_NOT_SET -> { }
        }
        return targets;
    }

    private static List<Target> run(boolean named, RunIdentifier id) {
        return named ? List.of(new Target(id.getOrg(), id.getProject())) : List.of();
    }

    private static List<Target> action(boolean named, ActionIdentifier id) {
        return run(named && id.hasRun(), id.getRun());
    }

    /** A bare org field must not be empty (the validator says so); elsewhere "" is the default org, and checked. */
    private static List<Target> org(String org) {
        return org.isEmpty() ? List.of() : List.of(new Target(org, null));
    }

    private static List<Target> project(ProjectIdentifier id) {
        return List.of(new Target(id.getOrganization(), id.getName()));
    }

    private static List<Target> task(TaskIdentifier id) {
        return List.of(new Target(id.getOrg(), id.getProject()));
    }

    private static List<Target> trigger(TriggerName name) {
        return List.of(new Target(name.getOrg(), name.getProject()));
    }
}

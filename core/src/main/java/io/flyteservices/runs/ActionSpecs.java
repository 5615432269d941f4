package io.flyteservices.runs;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.ActionMetadata;
import flyteidl2.workflow.ActionSpec;
import flyteidl2.workflow.ActionType;
import flyteidl2.workflow.ConditionAction;
import flyteidl2.workflow.ConditionActionMetadata;
import flyteidl2.workflow.TaskAction;
import flyteidl2.workflow.TaskActionMetadata;
import flyteidl2.workflow.TraceActionMetadata;
import io.flyteservices.store.NewAction.TaskColumns;

/**
 * What the system reads out of an action's spec: its type, the columns filters use, and the metadata
 * clients see. The spec itself is stored whole, as binary protobuf.
 */
public final class ActionSpecs {

    private ActionSpecs() {
    }

    public static ActionType type(ActionSpec spec) {
        return switch (spec.getSpecCase()) {
            case TASK -> ActionType.ACTION_TYPE_TASK;
            case TRACE -> ActionType.ACTION_TYPE_TRACE;
            case CONDITION -> ActionType.ACTION_TYPE_CONDITION;
            case SPEC_NOT_SET -> ActionType.ACTION_TYPE_UNSPECIFIED;
        };
    }

    /** Task identity and type of a task action; {@link TaskColumns#NONE} for other kinds. */
    public static TaskColumns taskColumns(ActionSpec spec) {
        if (!spec.hasTask()) {
            return TaskColumns.NONE;
        }
        TaskAction task = spec.getTask();
        String type = task.getSpec().getTaskTemplate().getType();
        if (!task.hasId()) {
            return new TaskColumns(null, null, null, null, null, type);
        }
        TaskIdentifier id = task.getId();
        return new TaskColumns(id.getOrg(), id.getProject(), id.getDomain(), id.getName(), id.getVersion(), type);
    }

    /** The name filters match on: a task's short name, a trace's or a condition's name. */
    public static String shortName(ActionSpec spec) {
        return switch (spec.getSpecCase()) {
            case TASK -> taskShortName(spec.getTask());
            case TRACE -> spec.getTrace().getName();
            case CONDITION -> spec.getCondition().getName();
            case SPEC_NOT_SET -> "";
        };
    }

    /** Fills the kind-specific metadata oneof and the action type. */
    public static void fillMetadata(ActionMetadata.Builder metadata, ActionSpec spec) {
        metadata.setActionType(type(spec));
        switch (spec.getSpecCase()) {
            case TASK -> {
                TaskAction task = spec.getTask();
                TaskActionMetadata.Builder m = TaskActionMetadata.newBuilder()
                        .setTaskType(task.getSpec().getTaskTemplate().getType())
                        .setShortName(taskShortName(task));
                if (task.hasId()) {
                    m.setId(task.getId());
                }
                metadata.setTask(m);
            }
            case TRACE -> metadata.setTrace(TraceActionMetadata.newBuilder().setName(spec.getTrace().getName()));
            case CONDITION -> metadata.setCondition(conditionMetadata(spec.getCondition()));
            case SPEC_NOT_SET -> {
            }
        }
    }

    public static ActionSpec parse(byte[] bytes) {
        try {
            return ActionSpec.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored action spec is not a valid ActionSpec", e);
        }
    }

    private static String taskShortName(TaskAction task) {
        String shortName = task.getSpec().getShortName();
        if (!shortName.isEmpty()) {
            return shortName;
        }
        // Without a short name, the last segment of the task's name is what people recognise.
        String name = task.hasId() ? task.getId().getName() : task.getSpec().getTaskTemplate().getId().getName();
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static ConditionActionMetadata conditionMetadata(ConditionAction condition) {
        ConditionActionMetadata.Builder m = ConditionActionMetadata.newBuilder().setName(condition.getName());
        switch (condition.getScopeCase()) {
            case RUN_ID -> m.setRunId(condition.getRunId());
            case ACTION_ID -> m.setActionId(condition.getActionId());
            case GLOBAL -> m.setGlobal(condition.getGlobal());
            case SCOPE_NOT_SET -> {
            }
        }
        return m.build();
    }
}

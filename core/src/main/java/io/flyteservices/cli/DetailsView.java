package io.flyteservices.cli;

import flyteidl2.core.TaskLog;
import flyteidl2.workflow.Action;
import flyteidl2.workflow.ActionAttempt;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.ActionMetadata;
import flyteidl2.workflow.ClusterEvent;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.PhaseTransition;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunDetails;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Runs and actions as text: the {@code table} output of {@code run get}, {@code run list} and {@code action get}. */
final class DetailsView {

    private final boolean ansi;
    private final Instant now;

    DetailsView(boolean ansi, Instant now) {
        this.ansi = ansi;
        this.now = now;
    }

    /** A run: its fields, its root action's attempts, logs, transitions and events. */
    String run(RunDetails run) {
        ActionDetails root = run.getAction();
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[]{"Run", Scope.show(root.getId().getRun())});
        summary(root, fields);
        if (run.getRunSpec().getEnvs().getValuesCount() > 0) {
            fields.add(new String[]{"Env", run.getRunSpec().getEnvs().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + kv.getValue()).collect(Collectors.joining(" "))});
        }
        if (run.getRunSpec().getLabels().getValuesCount() > 0) {
            fields.add(new String[]{"Labels", new TreeMap<>(run.getRunSpec().getLabels().getValuesMap()).entrySet()
                    .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))});
        }
        return Table.fields(fields) + attempts(root);
    }

    /** An action: its fields, then its attempts, logs, transitions and cluster events. */
    String action(ActionDetails action) {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[]{"Action", Scope.show(action.getId())});
        String parent = action.getMetadata().getParent();
        fields.add(new String[]{"Parent", parent.isEmpty() ? null : parent});
        summary(action, fields);
        return Table.fields(fields) + attempts(action);
    }

    /** {@code run list}: one line per run. */
    String runs(List<Run> runs) {
        Table table = new Table("NAME", "PHASE", "TASK", "ATTEMPTS", "STARTED", "DURATION");
        for (Run run : runs) {
            Action a = run.getAction();
            table.row(a.getId().getRun().getName(), Phases.styled(a.getStatus().getPhase(), ansi),
                    task(a.getMetadata()), String.valueOf(a.getStatus().getAttempts()),
                    Times.instant(a.getStatus().getStartTime()),
                    Times.between(a.getStatus().getStartTime(), a.getStatus().getEndTime(), now));
        }
        return table.render();
    }

    private void summary(ActionDetails a, List<String[]> fields) {
        fields.add(new String[]{"Phase", Phases.styled(a.getStatus().getPhase(), ansi)});
        fields.add(new String[]{"Task", task(a.getMetadata()) + (a.getMetadata().hasTask()
                && !a.getMetadata().getTask().getTaskType().isEmpty()
                ? " (" + a.getMetadata().getTask().getTaskType() + ")" : "")});
        fields.add(new String[]{"Attempts", String.valueOf(a.getStatus().getAttempts())});
        fields.add(new String[]{"Started", Times.instant(a.getStatus().getStartTime())});
        fields.add(new String[]{"Ended",
                a.getStatus().hasEndTime() ? Times.instant(a.getStatus().getEndTime()) : null});
        fields.add(new String[]{"Duration",
                Times.between(a.getStatus().getStartTime(), a.getStatus().getEndTime(), now)});
        fields.add(new String[]{"Error", a.hasErrorInfo() ? error(a.getErrorInfo()) : null});
        fields.add(new String[]{"Aborted", a.hasAbortInfo() ? a.getAbortInfo().getReason() : null});
    }

    private String attempts(ActionDetails a) {
        if (a.getAttemptsCount() == 0) {
            return "";
        }
        Table attempts = new Table("ATTEMPT", "PHASE", "STARTED", "DURATION", "ERROR");
        Table logs = new Table("ATTEMPT", "LOG", "URI");
        Table transitions = new Table("ATTEMPT", "PHASE", "STARTED", "DURATION");
        Table events = new Table("ATTEMPT", "TIME", "MESSAGE");
        for (ActionAttempt attempt : a.getAttemptsList()) {
            String n = String.valueOf(attempt.getAttempt());
            attempts.row(n, Phases.styled(attempt.getPhase(), ansi), Times.instant(attempt.getStartTime()),
                    Times.between(attempt.getStartTime(), attempt.getEndTime(), now),
                    attempt.hasErrorInfo() ? error(attempt.getErrorInfo()) : "");
            for (TaskLog log : attempt.getLogInfoList()) {
                logs.row(n, log.getName(), log.getUri());
            }
            for (PhaseTransition t : attempt.getPhaseTransitionsList()) {
                transitions.row(n, Phases.styled(t.getPhase(), ansi), Times.instant(t.getStartTime()),
                        t.hasEndTime() ? Times.between(t.getStartTime(), t.getEndTime(), now) : "");
            }
            for (ClusterEvent e : attempt.getClusterEventsList()) {
                events.row(n, Times.instant(e.getOccurredAt()), e.getMessage());
            }
        }
        StringBuilder out = new StringBuilder("\n").append(attempts.render());
        for (Table t : List.of(logs, transitions, events)) {
            if (!t.isEmpty()) {
                out.append('\n').append(t.render());
            }
        }
        return out.toString();
    }

    /** The task's short name, else its name, else the kind of action. */
    static String task(ActionMetadata metadata) {
        if (metadata.hasTask()) {
            if (!metadata.getTask().getShortName().isEmpty()) {
                return metadata.getTask().getShortName();
            }
            if (!metadata.getTask().getId().getName().isEmpty()) {
                return metadata.getTask().getId().getName();
            }
        }
        if (metadata.hasTrace()) {
            return metadata.getTrace().getName();
        }
        if (metadata.hasCondition()) {
            return metadata.getCondition().getName();
        }
        return "-";
    }

    private static String error(ErrorInfo error) {
        String kind = switch (error.getKind()) {
            case KIND_USER -> "user error: ";
            case KIND_SYSTEM -> "system error: ";
            default -> "";
        };
        // One line in a table: a multi-line stderr tail is joined.
        return kind + error.getMessage().strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}

package io.flyteservices.runs;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl2.task.RunSpec;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.RunDetails;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.RunRow;
import io.flyteservices.store.RunStore;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** GetRunDetails and GetActionDetails, each read from one consistent snapshot. */
@Singleton
public final class RunReader {

    private final RequestValidator validator;
    private final Db db;
    private final RunStore runs;
    private final ActionStore actions;
    private final AttemptStore attempts;

    public RunReader(RequestValidator validator, Db db, RunStore runs, ActionStore actions, AttemptStore attempts) {
        this.validator = validator;
        this.db = db;
        this.runs = runs;
        this.actions = actions;
        this.attempts = attempts;
    }

    public RunDetails runDetails(GetRunDetailsRequest request) {
        validator.validate(request);
        return runDetails(RunKey.of(request.getRunId()));
    }

    public ActionDetails actionDetails(GetActionDetailsRequest request) {
        validator.validate(request);
        return actionDetails(ActionKey.of(request.getActionId()));
    }

    /** The run's spec and its root action's details; NOT_FOUND if the run does not exist. */
    public RunDetails runDetails(RunKey key) {
        return db.inSnapshot("reading run details", c -> {
            RunRow run = runs.findByKey(c, key).orElseThrow(() -> Errors.notFound("run", key));
            return runDetails(c, run);
        });
    }

    /** An action's full details; NOT_FOUND if it does not exist. */
    public ActionDetails actionDetails(ActionKey key) {
        return db.inSnapshot("reading action details", c -> {
            ActionRow action = actions.findByKey(c, key).orElseThrow(() -> Errors.notFound("action", key));
            return details(c, action);
        });
    }

    /** The details of the action with this id, if it exists (a feed re-read). */
    public Optional<ActionDetails> actionDetails(long actionId) {
        return db.inSnapshot("re-reading action details", c -> {
            Optional<ActionRow> action = actions.findById(c, actionId);
            return action.isEmpty() ? Optional.<ActionDetails>empty() : Optional.of(details(c, action.get()));
        });
    }

    /** The details of the run with this id, if it exists (a feed re-read). */
    public Optional<RunDetails> runDetails(long runId) {
        return db.inSnapshot("re-reading run details", c -> {
            Optional<RunRow> run = runs.findById(c, runId);
            if (run.isEmpty()) {
                return Optional.<RunDetails>empty();
            }
            return Optional.of(runDetails(c, run.get()));
        });
    }

    private RunDetails runDetails(Connection c, RunRow run) throws SQLException {
        ActionRow root = actions.findByKey(c, ActionKey.root(run.key()))
                .orElseThrow(() -> new IllegalStateException("run " + run.key() + " has no root action"));
        return RunDetails.newBuilder()
                .setRunSpec(parseRunSpec(run.runSpec()))
                .setAction(details(c, root))
                .build();
    }

    private ActionDetails details(Connection c, ActionRow action) throws SQLException {
        return ActionProtos.toDetails(action, attempts.attemptsOf(c, action.id()),
                attempts.transitionsOf(c, action.id()), attempts.clusterEventsOf(c, action.id()));
    }

    private static RunSpec parseRunSpec(byte[] bytes) {
        try {
            return RunSpec.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored run spec is not a valid RunSpec", e);
        }
    }
}

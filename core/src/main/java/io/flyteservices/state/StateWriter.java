package io.flyteservices.state;

import flyteidl2.workflow.PutRequest;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.phase.Transition;
import io.flyteservices.status.ReportedStatus;
import io.flyteservices.status.StatusRecorder;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.StateStore;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * StateService.Put for one request (BEHAVIOR StateService): checks the request and its state, then in one
 * transaction stores the state (bumping its version) and records the status it carries on the action. A status
 * the phase rules refuse (late, backward, after a terminal phase) changes no phase, but the state is stored all
 * the same: it is the SDK's own data.
 */
@Singleton
public final class StateWriter {

    private final RequestValidator validator;
    private final StateConfig config;
    private final Db db;
    private final ActionStore actions;
    private final StateStore states;
    private final StatusRecorder recorder;

    public StateWriter(RequestValidator validator, StateConfig config, Db db, ActionStore actions, StateStore states,
                       StatusRecorder recorder) {
        this.validator = validator;
        this.config = config;
        this.db = db;
        this.actions = actions;
        this.states = states;
        this.recorder = recorder;
    }

    /**
     * Stores the state and applies its status. InvalidArgument for a bad id, an empty, oversized or non-object
     * state; NotFound when the action does not exist; nothing is written then. Returns what became of the status.
     */
    public Transition put(PutRequest request) {
        validator.validate(request);
        requireWithinLimit(request.getState());
        StateJson json = StateJson.parse(request.getState());
        // parent_action_name is not needed: the action row knows its parent, and watchers are found from it.
        ActionKey key = ActionKey.of(request.getActionId());
        return db.inTransaction("putting state", c -> {
            ActionRow action = actions.findByKeyForUpdate(c, key).orElseThrow(() -> Errors.notFound("action", key));
            states.upsert(c, action.id(), request.getState());
            // A state reports on the attempt running now; before the first attempt, on attempt 1.
            Optional<ReportedStatus> status = json.status(Math.max(1, action.attempts()));
            if (status.isEmpty()) {
                return new Transition.Ignore("state carries no phase");
            }
            return recorder.record(c, action, status.get());
        });
    }

    private void requireWithinLimit(String state) {
        long bytes = utf8Length(state);
        if (bytes > config.maxStateSizeBytes()) {
            throw Errors.invalidField("state", bytes + " bytes exceeds state.maxStateSizeBytes ("
                    + config.maxStateSizeBytes() + ")");
        }
    }

    /** The UTF-8 length of {@code text}, counted without encoding it. */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x80) {
                bytes += 1;
            } else if (ch < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

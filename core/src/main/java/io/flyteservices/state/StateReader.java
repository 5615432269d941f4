package io.flyteservices.state;

import flyteidl2.workflow.GetRequest;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.store.Db;
import io.flyteservices.store.StateStore;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;

/** StateService.Get for one request (BEHAVIOR StateService): the stored state of an action, as JSON text. */
@Singleton
public final class StateReader {

    private final RequestValidator validator;
    private final Db db;
    private final StateStore states;

    public StateReader(RequestValidator validator, Db db, StateStore states) {
        this.validator = validator;
        this.db = db;
        this.states = states;
    }

    /**
     * The state last put for the action (as PostgreSQL's {@code jsonb} renders it: equal as JSON, not byte for
     * byte). InvalidArgument for a bad id; NotFound when no state was put or the action does not exist.
     */
    public String get(GetRequest request) {
        validator.validate(request);
        ActionKey key = ActionKey.of(request.getActionId());
        return db.read("reading state", c -> states.findByActionKey(c, key))
                .orElseThrow(() -> Errors.notFound("state of action", key));
    }
}

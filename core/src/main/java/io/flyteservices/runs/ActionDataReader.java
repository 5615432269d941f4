package io.flyteservices.runs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import flyteidl2.task.Inputs;
import flyteidl2.task.Outputs;
import flyteidl2.workflow.GetActionDataRequest;
import flyteidl2.workflow.GetActionDataResponse;
import flyteidl2.workflow.Phase;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.storage.BlobStores;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptRow;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * GetActionData (BEHAVIOR RunService): inputs from the action's input URI, outputs from the last attempt's
 * output URI once the action SUCCEEDED. A missing file is an empty message; an unreadable one is INTERNAL
 * naming the URI.
 */
@Singleton
public final class ActionDataReader {

    private final RequestValidator validator;
    private final Db db;
    private final ActionStore actions;
    private final AttemptStore attempts;
    private final BlobStores blobs;

    public ActionDataReader(RequestValidator validator, Db db, ActionStore actions, AttemptStore attempts,
                            BlobStores blobs) {
        this.validator = validator;
        this.db = db;
        this.actions = actions;
        this.attempts = attempts;
        this.blobs = blobs;
    }

    public GetActionDataResponse read(GetActionDataRequest request) {
        validator.validate(request);
        ActionKey key = ActionKey.of(request.getActionId());
        Located located = db.inSnapshot("reading action data", c -> {
            ActionRow action = actions.findByKey(c, key).orElseThrow(() -> Errors.notFound("action", key));
            String outputUri = null;
            if (action.phase() == Phase.PHASE_SUCCEEDED_VALUE) {
                List<AttemptRow> all = attempts.attemptsOf(c, action.id());
                outputUri = all.isEmpty() ? null : all.getLast().outputUri();
            }
            return new Located(action.inputUri(), outputUri);
        });
        GetActionDataResponse.Builder response = GetActionDataResponse.newBuilder()
                .setInputs(load(located.inputUri(), StorageLayout::inputsFile, Inputs.parser(),
                        Inputs.getDefaultInstance()));
        if (located.outputUri() != null && !located.outputUri().isEmpty()) {
            response.setOutputs(load(located.outputUri(), StorageLayout::outputsFile, Outputs.parser(),
                    Outputs.getDefaultInstance()));
        }
        return response.build();
    }

    private <T extends Message> T load(String location, Function<String, URI> file, Parser<T> parser, T empty) {
        URI uri = null;
        try {
            uri = file.apply(location);
            byte[] bytes = blobs.forUri(uri).read(uri).orElse(null);
            return bytes == null ? empty : parser.parseFrom(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw Errors.internal("cannot read " + (uri == null ? location : uri) + ": " + e.getMessage(), e);
        }
    }

    private record Located(String inputUri, String outputUri) {
    }
}

package io.flyteservices.queue;

import flyteidl2.workflow.ActionSpec;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.TraceAction;
import io.flyteservices.auth.Caller;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.runs.ActionSpecs;
import io.flyteservices.storage.StorageUris;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.NewAction;
import io.flyteservices.store.RunRow;
import io.flyteservices.store.RunStore;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * EnqueueAction (BEHAVIOR QueueService): inserts the action row and its queue entry in one transaction.
 * A trace is recorded already finished, with one attempt carrying its outputs, and is not queued.
 */
@Singleton
public final class Enqueuer {

    private static final Logger LOG = LoggerFactory.getLogger(Enqueuer.class);

    private final RequestValidator validator;
    private final Db db;
    private final RunStore runs;
    private final ActionStore actions;
    private final AttemptStore attempts;
    private final QueueCapacity capacity;
    private final StorageUris uris;

    public Enqueuer(RequestValidator validator, Db db, RunStore runs, ActionStore actions, AttemptStore attempts,
                    QueueCapacity capacity, StorageUris uris) {
        this.validator = validator;
        this.db = db;
        this.runs = runs;
        this.actions = actions;
        this.attempts = attempts;
        this.capacity = capacity;
        this.uris = uris;
    }

    public void enqueue(EnqueueActionRequest request) {
        validator.validate(request);
        uris.requireValid("input_uri", request.getInputUri());
        uris.requireValid("run_output_base", request.getRunOutputBase());
        ActionKey key = ActionKey.of(request.getActionId());
        // Every action but the root hangs under a parent; without one named, under the root (ours).
        String parent = request.hasParentActionName() ? request.getParentActionName()
                : key.name().equals(ActionKey.ROOT) ? null : ActionKey.ROOT;
        ActionSpec spec = spec(request, parent);
        db.inTransaction("enqueueing action", c -> {
            RunRow run = runs.findByKey(c, key.run()).orElseThrow(() -> Errors.notFound("run", key.run()));
            requireActive(c, run, "run", ActionKey.root(key.run()));
            if (parent != null && !parent.equals(ActionKey.ROOT)) {
                requireActive(c, run, "parent action", new ActionKey(key.run(), parent));
            }
            insert(c, run, key, parent, spec, request);
            return null;
        });
        LOG.debug("action enqueued action={} type={}", key, spec.getSpecCase());
    }

    private void insert(Connection c, RunRow run, ActionKey key, String parent, ActionSpec spec,
                        EnqueueActionRequest request) throws SQLException {
        boolean trace = spec.hasTrace();
        Phase phase = trace ? PhaseRules.traceRecordedPhase(spec.getTrace().getPhase()) : PhaseRules.INITIAL;
        Instant endedAt = trace ? traceEnd(spec.getTrace()) : null;
        NewAction action = new NewAction(run.id(), key, parent, request.getGroup(), ActionSpecs.type(spec).getNumber(),
                phase.getNumber(), trace ? 1 : 0, ActionSpecs.taskColumns(spec), ActionSpecs.shortName(spec),
                spec.toByteArray(), request.getInputUri(), request.getRunOutputBase(),
                spec.hasTask() ? spec.getTask().getCluster() : "", Caller.current().executedBy(request.getSubject()), endedAt);
        if (!trace) {
            actions.insertQueuedIfAbsent(c, action).orElseThrow(() -> Errors.alreadyExists("action", key));
            capacity.requireRoomAfterInsert(c);
            return;
        }
        long id = actions.insertIfAbsent(c, action).orElseThrow(() -> Errors.alreadyExists("action", key));
        TraceAction t = spec.getTrace();
        Instant started = t.hasStartTime() ? instant(t.getStartTime()) : endedAt;
        attempts.insertFinished(c, id, 1, phase.getNumber(), started, endedAt,
                t.getOutputs().getOutputUri().isEmpty() ? null : t.getOutputs().getOutputUri(),
                t.getOutputs().getReportUri().isEmpty() ? null : t.getOutputs().getReportUri());
    }

    /** Locks the action against concurrent aborts and requires it to exist and be active. */
    private void requireActive(Connection c, RunRow run, String entity, ActionKey action) throws SQLException {
        Object shown = entity.equals("run") ? action.run() : action;
        int phase = actions.lockForShare(c, run.id(), action.name())
                .orElseThrow(() -> Errors.notFound(entity, shown));
        if (PhaseRules.isTerminal(phase)) {
            throw Errors.failedPrecondition(entity + " " + shown + " is already " + Phase.forNumber(phase).name()
                    + "; no more actions can be enqueued under it");
        }
    }

    private static ActionSpec spec(EnqueueActionRequest r, String parent) {
        ActionSpec.Builder spec = ActionSpec.newBuilder()
                .setActionId(r.getActionId())
                .setInputUri(r.getInputUri())
                .setRunOutputBase(r.getRunOutputBase())
                .setGroup(r.getGroup());
        if (parent != null) {
            spec.setParentActionName(parent);
        }
        if (r.hasRunSpec()) {
            spec.setRunSpec(r.getRunSpec());
        }
        switch (r.getSpecCase()) {
            case TASK -> spec.setTask(r.getTask());
            case TRACE -> spec.setTrace(r.getTrace());
            case CONDITION -> spec.setCondition(r.getCondition());
            case SPEC_NOT_SET -> throw Errors.invalidField("spec", "one of task, trace or condition is required");
        }
        return spec.build();
    }

    private static Instant traceEnd(TraceAction trace) {
        return trace.hasEndTime() ? instant(trace.getEndTime()) : Instant.now();
    }

    private static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}

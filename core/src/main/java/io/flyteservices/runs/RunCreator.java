package io.flyteservices.runs;

import flyteidl2.common.ProjectIdentifier;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.ActionSpec;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunSource;
import flyteidl2.workflow.TaskAction;
import io.flyteservices.auth.Caller;
import io.flyteservices.error.Errors;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.phase.PhaseRules;
import io.flyteservices.queue.QueueCapacity;
import io.flyteservices.storage.BlobStores;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.ActionStore;
import io.flyteservices.store.Db;
import io.flyteservices.store.NewAction;
import io.flyteservices.store.NewRun;
import io.flyteservices.validation.Names;
import io.flyteservices.validation.RequestValidator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

/**
 * CreateRun (BEHAVIOR RunService): the run row, its root action {@code a0} (QUEUED, no attempts yet) and its
 * queue entry in one statement, the queue capacity checked after it in the same transaction, and the run's inputs
 * file.
 *
 * <p>The inputs file is written inside the transaction, after the run row is inserted: the insert takes the
 * run name's unique slot, so a concurrent CreateRun of the same name waits and then fails, and can never
 * overwrite the winner's inputs. If the transaction fails the file is removed again (ours; BEHAVIOR writes the
 * file first, which would let a rejected duplicate clobber the existing run's inputs).
 */
@Singleton
public final class RunCreator {

    private static final Logger LOG = LoggerFactory.getLogger(RunCreator.class);
    private static final int NAME_ATTEMPTS = 5;

    private final RequestValidator validator;
    private final Db db;
    private final ActionStore actions;
    private final QueueCapacity capacity;
    private final RunNames names;
    private final StorageLayout layout;
    private final BlobStores blobs;

    public RunCreator(RequestValidator validator, Db db, ActionStore actions,
                      QueueCapacity capacity, RunNames names, StorageLayout layout, BlobStores blobs) {
        this.validator = validator;
        this.db = db;
        this.actions = actions;
        this.capacity = capacity;
        this.names = names;
        this.layout = layout;
        this.blobs = blobs;
    }

    public Run create(CreateRunRequest request) {
        validator.validate(request);
        if (request.hasRunId()) {
            Names.requireRunName("run_id.name", request.getRunId().getName());
        }
        // The source is stored in a smallint column: a number RunSource does not declare (say 2^31-1) is a
        // client mistake, not a database error.
        if (request.getSource() == RunSource.UNRECOGNIZED) {
            throw Errors.invalidField("source", "unknown RunSource " + request.getSourceValue());
        }
        TaskAction task = task(request);
        for (int attempt = 1; ; attempt++) {
            RunKey key = request.hasRunId() ? RunKey.of(request.getRunId()) : generated(request.getProjectId());
            Optional<Run> run = tryCreate(key, task, request);
            if (run.isPresent()) {
                LOG.info("run created run={}", key);
                return run.get();
            }
            if (request.hasRunId()) {
                throw Errors.alreadyExists("run", key);
            }
            if (attempt == NAME_ATTEMPTS) {
                throw new IllegalStateException("no free run name after " + NAME_ATTEMPTS + " generated names");
            }
            LOG.warn("generated run name taken, generating another run={}", key);
        }
    }

    /** Creates the run unless its name is taken (then empty, and nothing was written). */
    private Optional<Run> tryCreate(RunKey key, TaskAction task, CreateRunRequest request) {
        URI inputs = URI.create(layout.inputsUri(key));
        String outputBase = layout.runOutputBase(key);
        ActionKey rootKey = ActionKey.root(key);
        ActionSpec spec = ActionSpec.newBuilder()
                .setActionId(rootKey.toProto())
                .setRunSpec(request.getRunSpec())
                .setInputUri(inputs.toString())
                .setRunOutputBase(outputBase)
                .setTask(task)
                .build();
        String cluster = task.getCluster().isEmpty() ? request.getRunSpec().getCluster() : task.getCluster();
        byte[] executedBy = Caller.current().executedBy("");
        boolean[] written = {false};
        try {
            return db.inTransaction("creating run", c -> {
                NewRun run = new NewRun(key, request.getRunSpec().toByteArray(), inputs.toString(), outputBase,
                        request.getSourceValue());
                // Run id 0: the statement gives the root its new run's id.
                NewAction root = new NewAction(0, rootKey, null, "", ActionSpecs.type(spec).getNumber(),
                        PhaseRules.INITIAL.getNumber(), 0, ActionSpecs.taskColumns(spec), ActionSpecs.shortName(spec),
                        spec.toByteArray(), inputs.toString(), outputBase, cluster, executedBy, null);
                Optional<ActionRow> inserted = actions.insertRunWithQueuedRoot(c, run, root);
                if (inserted.isEmpty()) {
                    return Optional.<Run>empty();
                }
                capacity.requireRoomAfterInsert(c);
                writeInputs(inputs, request);
                written[0] = true;
                return Optional.of(Run.newBuilder().setAction(ActionProtos.toAction(inserted.get())).build());
            });
        } catch (RuntimeException e) {
            if (written[0]) {
                deleteQuietly(inputs);
            }
            throw e;
        }
    }

    private void writeInputs(URI uri, CreateRunRequest request) {
        try {
            blobs.forUri(uri).write(uri, request.getInputs().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run inputs to " + uri, e);
        }
    }

    private void deleteQuietly(URI uri) {
        try {
            blobs.forUri(uri).delete(uri);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove inputs of a run that was not created uri={}", uri, e);
        }
    }

    /** The task the root action runs: the given spec, or the spec a known task id ran with before. */
    private TaskAction task(CreateRunRequest request) {
        return switch (request.getTaskCase()) {
            case TASK_SPEC -> TaskAction.newBuilder().setSpec(request.getTaskSpec()).build();
            case TASK_ID -> {
                TaskIdentifier id = request.getTaskId();
                byte[] known = db.read("looking up task", c -> actions.findSpecByTask(c, id.getOrg(), id.getProject(),
                                id.getDomain(), id.getName(), id.getVersion()))
                        .orElseThrow(() -> Errors.notFound("task", id.getOrg() + "/" + id.getProject() + "/"
                                + id.getDomain() + "/" + id.getName() + "@" + id.getVersion()));
                yield TaskAction.newBuilder().setId(id).setSpec(ActionSpecs.parse(known).getTask().getSpec()).build();
            }
            // No trigger store exists yet, so no trigger can be found (BEHAVIOR CreateRun, ours).
            case TRIGGER_NAME -> throw Errors.notFound("trigger", request.getTriggerName().getName());
            case TASK_NOT_SET -> throw Errors.invalidField("task", "one of task_id, task_spec or trigger_name is required");
        };
    }

    private RunKey generated(ProjectIdentifier project) {
        return new RunKey(project.getOrganization(), project.getName(), project.getDomain(), names.generate());
    }
}

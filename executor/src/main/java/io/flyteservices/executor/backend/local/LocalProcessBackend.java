package io.flyteservices.executor.backend.local;

import io.flyteservices.executor.backend.AttemptEnvironment;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.flyteservices.model.ActionKey;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs each attempt as a local process from the task container's {@code command} + {@code args} (the image is
 * ignored), one virtual thread per attempt. The process gets the executor's environment plus
 * {@link AttemptEnvironment}'s variables, runs in the attempt's {@code workDir} and writes {@code stdout.log} and
 * {@code stderr.log} there, reported as the attempt's two {@code TaskLog}s. Exit 0 succeeds; any other exit code
 * is a user error carrying the tail of stderr; a command that cannot start is a system error. Abort and timeout
 * kill the whole process tree (SIGTERM, then SIGKILL after {@link #DEFAULT_KILL_GRACE}).
 *
 * <p>A process cannot be followed by another executor (only its parent learns its exit code), so
 * {@link #adopt} never adopts: it kills what a lost executor left running of the attempt on this machine, found
 * by the {@link AttemptEnvironment#ATTEMPT_ID} variable every attempt's processes carry, and the executor starts a
 * new attempt.
 */
@Singleton
@Requires(property = "executor.backend", value = "local", defaultValue = "local")
public final class LocalProcessBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessBackend.class);

    /** How long a process tree gets between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

    private final ProcessTree tree;
    private final ProcessLauncher launcher = new ProcessLauncher();

    @Inject
    public LocalProcessBackend() {
        this(DEFAULT_KILL_GRACE);
    }

    LocalProcessBackend(Duration killGrace) {
        this.tree = new ProcessTree(killGrace);
    }

    @Override
    public RunningAttempt start(AttemptSpec spec, BackendListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        var attempt = new LocalAttempt(spec, listener, tree, launcher);
        Thread.ofVirtual().name("local-attempt-" + spec.perRetryUniqueKey()).start(attempt::run);
        return attempt;
    }

    /** Stops the thread that starts processes: with it gone, processes still running are killed (see ProcessLauncher). */
    @jakarta.annotation.PreDestroy
    public void close() {
        launcher.close();
    }

    @Override
    public Optional<RunningAttempt> adopt(AttemptSpec spec, BackendListener listener) {
        stopOrphan(spec.action(), spec.attempt());
        return Optional.empty();
    }

    @Override
    public void stopOrphan(ActionKey action, int attempt) {
        var attemptId = AttemptSpec.attemptIdOf(action, attempt);
        for (ProcessHandle orphan : ProcessTree.markedWith(AttemptEnvironment.ATTEMPT_ID, attemptId)) {
            LOG.warn("killing a process left by a lost executor action={} attempt={} pid={}", action, attempt,
                    orphan.pid());
            try {
                tree.kill(orphan);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

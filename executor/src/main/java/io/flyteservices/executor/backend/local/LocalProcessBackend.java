package io.flyteservices.executor.backend.local;

import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs each attempt as a local process from the task container's {@code command} + {@code args} (the image is
 * ignored), one virtual thread per attempt. The process gets the executor's environment plus
 * {@link AttemptEnvironment}'s variables, runs in the attempt's {@code workDir} and writes {@code stdout.log} and
 * {@code stderr.log} there, reported as the attempt's two {@code TaskLog}s. Exit 0 succeeds; any other exit code
 * is a user error carrying the tail of stderr; a command that cannot start is a system error. Abort and timeout
 * kill the whole process tree (SIGTERM, then SIGKILL after {@link #DEFAULT_KILL_GRACE}).
 */
@Singleton
@Requires(property = "executor.backend", value = "local", defaultValue = "local")
public final class LocalProcessBackend implements Backend {

    /** How long a process tree gets between SIGTERM and SIGKILL. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

    private final ProcessTree tree;

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
        var attempt = new LocalAttempt(spec, listener, tree);
        Thread.ofVirtual().name("local-attempt-" + spec.perRetryUniqueKey()).start(attempt::run);
        return attempt;
    }
}

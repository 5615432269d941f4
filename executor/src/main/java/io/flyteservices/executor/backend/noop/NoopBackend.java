package io.flyteservices.executor.backend.noop;

import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs nothing ({@code executor.backend: noop}): every attempt goes through INITIALIZING and RUNNING and succeeds at
 * once, its outputs being the attempt's (empty) output prefix. The task template is not looked at. It measures
 * and exercises the control plane alone (claims, leases, status writes, the change feed) without the cost of the
 * work itself, a process fork or a pod; a deployment that must run tasks never sets it.
 */
@Singleton
@Requires(property = "executor.backend", value = "noop")
public final class NoopBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(NoopBackend.class);

    public NoopBackend() {
        LOG.warn("executor.backend=noop: attempts run nothing and succeed at once");
    }

    @Override
    public RunningAttempt start(AttemptSpec spec, BackendListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        var attempt = new NoopAttempt();
        Thread.ofVirtual().name("noop-attempt-" + spec.perRetryUniqueKey()).start(() -> attempt.run(spec, listener));
        return attempt;
    }

    /** One attempt: its events in order, then the outcome (aborted when stopped before it was reported). */
    private static final class NoopAttempt implements RunningAttempt {

        private final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        private volatile boolean aborted;

        void run(AttemptSpec spec, BackendListener listener) {
            String handle = "noop:" + spec.attemptId();
            AttemptOutcome result;
            try {
                emit(listener, new BackendEvent.Initializing(handle));
                emit(listener, new BackendEvent.Started(handle));
            } finally {
                result = aborted ? new AttemptOutcome.Aborted() : new AttemptOutcome.Succeeded();
                emit(listener, new BackendEvent.Finished(result, List.of()));
                outcome.complete(result);
            }
        }

        private static void emit(BackendListener listener, BackendEvent event) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("backend listener failed event={}", event.getClass().getSimpleName(), e);
            }
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public CompletableFuture<AttemptOutcome> outcome() {
            return outcome;
        }
    }
}

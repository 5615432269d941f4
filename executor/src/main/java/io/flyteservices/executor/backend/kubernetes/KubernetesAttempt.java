package io.flyteservices.executor.backend.kubernetes;

import flyteidl2.core.TaskLog;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Pod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attempt followed through its pod. The shared watches feed it pod states and events from their threads; it
 * turns them into the attempt's {@link BackendEvent}s, each reported once and never going back (a state that
 * arrives late or was skipped is not reported), and hands them to the listener in order on a virtual thread of its
 * own, so a slow listener holds up neither the watches nor other attempts.
 *
 * <p>Once the outcome is decided, {@code Finished} waits a short settle time while the pod existed: Events about
 * the pod travel on another watch and may arrive just after its final status, and they belong before
 * {@code Finished}.
 */
final class KubernetesAttempt implements RunningAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesAttempt.class);

    /** Occurrences of Events remembered to drop repeats; a pod rarely has more than a dozen. */
    private static final int MAX_REMEMBERED_EVENTS = 1024;

    /** What an attempt needs from the backend that follows it. */
    interface Owner {
        /** Deletes the attempt's pod in the background; calls {@link #podDeleted()} once the server accepted. */
        void deletePod(KubernetesAttempt attempt);

        /** The attempt reported its outcome: nothing more needs to reach it. */
        void forget(KubernetesAttempt attempt);
    }

    private final AttemptSpec spec;
    private final String podName;
    private final BackendListener listener;
    private final List<TaskLog> logs;
    private final Owner owner;
    private final Duration settle;
    private final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();

    // Guarded by this.
    private int rank;
    private boolean podKnown;
    private boolean abortRequested;
    private AttemptOutcome ended;
    private boolean sealed;
    private final LinkedHashSet<String> seenEvents = new LinkedHashSet<>();
    private final List<CoreV1Event> earlyEvents = new ArrayList<>();
    private final ArrayDeque<BackendEvent> pending = new ArrayDeque<>();
    private boolean draining;

    KubernetesAttempt(AttemptSpec spec, String podName, String namespace, BackendListener listener, Owner owner,
                      Duration settle) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.podName = Objects.requireNonNull(podName, "podName");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.logs = PodFactory.logs(namespace, podName);
    }

    String podName() {
        return podName;
    }

    AttemptSpec spec() {
        return spec;
    }

    @Override
    public void abort() {
        synchronized (this) {
            if (ended != null || abortRequested) {
                return;
            }
            abortRequested = true;
        }
        LOG.info("attempt abort requested, deleting its pod pod={} action={} attempt={}", podName, spec.action(),
                spec.attempt());
        owner.deletePod(this);
    }

    @Override
    public CompletableFuture<AttemptOutcome> outcome() {
        return outcome;
    }

    synchronized boolean abortRequested() {
        return abortRequested;
    }

    /** Whether the pod was seen to exist (created, found or adopted), so that its absence means it was deleted. */
    synchronized boolean podKnown() {
        return podKnown;
    }

    synchronized boolean ended() {
        return ended != null;
    }

    /** The pod may exist but could not be read: treat it as existing until the watch or a read says otherwise. */
    synchronized void assumePodExists() {
        podKnown = true;
        replayEarlyEvents();
    }

    private void replayEarlyEvents() {
        var early = List.copyOf(earlyEvents);
        earlyEvents.clear();
        early.forEach(this::onEvent);
    }

    /** The pod exists: this backend created it, read it, or a watch saw it; follow it from {@code pod}'s state. */
    synchronized void onPod(V1Pod pod) {
        if (ended != null) {
            return;
        }
        var firstSight = !podKnown;
        podKnown = true;
        apply(pod);
        if (firstSight) {
            replayEarlyEvents();
        }
    }

    private void apply(V1Pod pod) {
        var state = PodStates.of(pod).orElse(null);
        if (state == null) {
            return;
        }
        if (state instanceof PodState.Ended end) {
            if (abortRequested) {
                // The pod stopped because we deleted it, or ended by itself meanwhile: abort wins, as it does locally.
                end(new AttemptOutcome.Aborted());
                return;
            }
            if (end.ran() && rank < new PodState.Running().rank()) {
                report(new PodState.Running());
            }
            end(end.outcome());
            return;
        }
        if (state.rank() > rank) {
            report(state);
        }
    }

    /** The pod is gone; {@code lastSeen} is its final state when the watch told it, else null. */
    synchronized void onPodGone(V1Pod lastSeen) {
        if (ended != null) {
            return;
        }
        if (abortRequested) {
            end(new AttemptOutcome.Aborted());
            return;
        }
        if (lastSeen != null && PodStates.of(lastSeen).orElse(null) instanceof PodState.Ended) {
            // It ended before it was deleted (a TTL, a person cleaning up): that is its outcome.
            onPod(lastSeen);
            return;
        }
        LOG.warn("pod deleted before it finished pod={} action={} attempt={}", podName, spec.action(),
                spec.attempt());
        end(new AttemptOutcome.Failed(ErrorKind.SYSTEM, "pod " + podName + " was deleted before it finished"));
    }

    /** A Kubernetes Event about the pod. */
    synchronized void onEvent(CoreV1Event event) {
        if (!podKnown && ended == null) {
            // The event watch can be quicker than the read of an adopted pod: report the pod's state first.
            earlyEvents.add(event);
            return;
        }
        if (sealed || !seenEvents.add(ClusterEvents.occurrenceKey(event))) {
            return;
        }
        if (seenEvents.size() > MAX_REMEMBERED_EVENTS) {
            Iterator<String> oldest = seenEvents.iterator();
            oldest.next();
            oldest.remove();
        }
        enqueue(ClusterEvents.toClusterEvent(event));
    }

    /** The pod was not and will not be created: the attempt failed on the platform's side. */
    synchronized void fail(String message) {
        if (ended == null) {
            end(new AttemptOutcome.Failed(ErrorKind.SYSTEM, message));
        }
    }

    /**
     * The server accepted the deletion {@link #abort()} asked for (or the pod was already gone). The pod may still
     * take its grace period to stop, but the attempt is over: nothing it does any more can change the outcome.
     */
    synchronized void podDeleted() {
        if (ended == null) {
            end(new AttemptOutcome.Aborted());
        }
    }

    private void report(PodState state) {
        rank = state.rank();
        var event = switch (state) {
            case PodState.Unscheduled unscheduled -> new BackendEvent.WaitingForResources(podName,
                    unscheduled.reason());
            case PodState.Scheduled _ -> new BackendEvent.Initializing(podName);
            case PodState.Running _ -> new BackendEvent.Started(podName, logs);
            case PodState.Ended _ -> throw new IllegalArgumentException("an end is reported as Finished");
        };
        LOG.info("pod {} pod={} action={} attempt={}", switch (state) {
            case PodState.Unscheduled u -> "waiting for resources reason=\"" + u.reason() + "\"";
            case PodState.Scheduled _ -> "scheduled";
            default -> "running";
        }, podName, spec.action(), spec.attempt());
        enqueue(event);
    }

    private void end(AttemptOutcome result) {
        ended = result;
        LOG.info("attempt finished pod={} action={} attempt={} outcome={}", podName, spec.action(), spec.attempt(),
                result);
        if (!podKnown || settle.isZero()) {
            seal();
        } else {
            CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS).execute(this::seal);
        }
    }

    /** Queues {@code Finished}; nothing is reported after it. */
    private synchronized void seal() {
        if (sealed) {
            return;
        }
        sealed = true;
        owner.forget(this);
        enqueue(new BackendEvent.Finished(ended, podKnown ? logs : List.of()));
    }

    private void enqueue(BackendEvent event) {
        pending.add(event);
        if (!draining) {
            draining = true;
            Thread.ofVirtual().name("k8s-attempt-" + podName).start(this::drain);
        }
    }

    /** Hands queued events to the listener in order; one drain runs at a time. */
    private void drain() {
        while (true) {
            BackendEvent next;
            synchronized (this) {
                next = pending.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                listener.onEvent(next);
            } catch (RuntimeException e) {
                // The outcome does not depend on the listener; report its bug and carry on.
                LOG.warn("backend listener failed pod={} action={} attempt={} event={}", podName, spec.action(),
                        spec.attempt(), next.getClass().getSimpleName(), e);
            }
            if (next instanceof BackendEvent.Finished finished) {
                outcome.complete(finished.outcome());
            }
        }
    }
}

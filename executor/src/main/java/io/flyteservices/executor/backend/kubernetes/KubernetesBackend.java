package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.retry.Backoff;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.Backend;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.RunningAttempt;
import io.flyteservices.model.ActionKey;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs each attempt as a pod ({@link PodFactory}) named after the attempt ({@link PodNames}) in the configured
 * namespace, through the official Kubernetes client that micronaut-kubernetes configures. The pods of all attempts
 * are followed by one pod watch and one event watch ({@link PodWatch}, {@link EventWatch}), started with the first
 * attempt; pod states become the attempt's events as {@link PodStates} maps them. Abort deletes the pod.
 *
 * <p>Pods outlive their executor. {@link #start} follows a pod of the same name that already exists (its executor
 * died between creating it and recording the attempt), {@link #adopt} follows the pod of a lost executor's attempt,
 * and {@link #close()} stops the watches without deleting any pod. A template the backend cannot turn into a pod,
 * or a pod the API server refuses, is a failed attempt ({@code SYSTEM}).
 */
@Singleton
@Requires(property = "executor.backend", value = "kubernetes")
public final class KubernetesBackend implements Backend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);

    /** How long {@code Finished} waits for late Events about an ended pod. */
    static final Duration DEFAULT_FINISH_SETTLE = Duration.ofSeconds(1);

    /** Retries of watches, creates and deletes against the API server. */
    static final Backoff API_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    /** Tries at creating a pod while the server is unreachable or overloaded, before the attempt fails. */
    static final int CREATE_TRIES = 5;

    private final KubernetesConfig config;
    private final PodApi pods;
    private final PodFactory factory;
    private final Followers followers = new Followers();
    private final PodWatch podWatch;
    private final EventWatch eventWatch;
    private final Duration settle;
    private final Backoff backoff;
    private final KubernetesAttempt.Owner owner = new KubernetesAttempt.Owner() {
        @Override
        public void deletePod(KubernetesAttempt attempt) {
            deleteInBackground(attempt.podName(), attempt::podDeleted);
        }

        @Override
        public void forget(KubernetesAttempt attempt) {
            followers.remove(attempt);
        }
    };
    private final Object lifecycle = new Object();
    private boolean watching;
    private volatile boolean closed;

    @Inject
    public KubernetesBackend(ApiClient client, KubernetesConfig config) {
        this(client, config, DEFAULT_FINISH_SETTLE, API_BACKOFF);
    }

    KubernetesBackend(ApiClient client, KubernetesConfig config, Duration settle, Backoff backoff) {
        Objects.requireNonNull(client, "client");
        this.config = Objects.requireNonNull(config, "config");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.pods = new PodApi(client, config.namespace());
        this.factory = new PodFactory(config);
        this.podWatch = new PodWatch(pods, followers, this::verify, pods.http(), LenientJson.GSON, backoff);
        this.eventWatch = new EventWatch(pods, followers, pods.http(), LenientJson.GSON, backoff);
    }

    @Override
    public RunningAttempt start(AttemptSpec spec, BackendListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        var name = PodNames.of(spec);
        var attempt = new KubernetesAttempt(spec, name, config.namespace(), listener, owner, settle);
        V1Pod pod;
        try {
            pod = factory.build(spec, name);
        } catch (PodFactory.UnrunnableSpec e) {
            LOG.warn("attempt cannot run as a pod pod={} action={} attempt={} reason=\"{}\"", name, spec.action(),
                    spec.attempt(), e.getMessage());
            attempt.fail(e.getMessage());
            return attempt;
        }
        if (!follow(attempt)) {
            attempt.fail("the Kubernetes backend is shut down");
            return attempt;
        }
        Thread.ofVirtual().name("k8s-create-" + name).start(() -> create(attempt, pod));
        return attempt;
    }

    /** A pod keeps running without its executor: a stopping executor leaves it for the next one to adopt. */
    @Override
    public boolean workOutlivesExecutor() {
        return true;
    }

    @Override
    public Optional<RunningAttempt> adopt(AttemptSpec spec, BackendListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        var name = PodNames.of(spec);
        var attempt = new KubernetesAttempt(spec, name, config.namespace(), listener, owner, settle);
        // Followed before the read, so that no change after it is missed.
        if (!follow(attempt)) {
            return Optional.empty();
        }
        try {
            var pod = pods.get(name);
            if (pod.isEmpty()) {
                followers.remove(attempt);
                LOG.info("no pod to adopt pod={} action={} attempt={}", name, spec.action(), spec.attempt());
                return Optional.empty();
            }
            LOG.info("pod adopted pod={} action={} attempt={}", name, spec.action(), spec.attempt());
            attempt.onPod(pod.get());
        } catch (ApiException e) {
            // Unknown whether the pod exists: follow it rather than start a second attempt beside one that may
            // still run, and keep reading it in the background.
            LOG.warn("cannot read the pod to adopt, following it anyway pod={} action={} attempt={} error=\"{}\"",
                    name, spec.action(), spec.attempt(), PodApi.describe(e));
            attempt.assumePodExists();
            verify(name);
        }
        return Optional.of(attempt);
    }

    @Override
    public void stopOrphan(ActionKey action, int attempt) {
        var name = PodNames.of(action, attempt);
        try {
            if (pods.delete(name, config.deleteGracePeriod())) {
                LOG.info("pod of a lost executor's attempt deleted pod={} action={} attempt={}", name, action,
                        attempt);
            }
        } catch (ApiException e) {
            LOG.warn("cannot delete the pod of a lost executor's attempt, retrying pod={} action={} attempt={} "
                    + "error=\"{}\"", name, action, attempt, PodApi.describe(e));
            deleteInBackground(name, () -> { });
        }
    }

    /** Stops the watches; pods are left running, for this executor's successor to adopt. */
    @PreDestroy
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        podWatch.close();
        eventWatch.close();
        LOG.info("kubernetes backend stopped, pods left running namespace={} followed={}", config.namespace(),
                followers.podNames().size());
    }

    /** Registers {@code attempt} with the watches, starting them the first time; false once closed. */
    private boolean follow(KubernetesAttempt attempt) {
        synchronized (lifecycle) {
            if (closed) {
                return false;
            }
            if (!watching) {
                watching = true;
                podWatch.start();
                eventWatch.start();
                LOG.info("kubernetes backend watching pods namespace={} selector={}", config.namespace(),
                        PodFactory.MANAGED_SELECTOR);
            }
        }
        followers.add(attempt);
        return true;
    }

    /** Creates the attempt's pod, retrying while the server is unavailable; follows it once it exists. */
    private void create(KubernetesAttempt attempt, V1Pod pod) {
        var name = attempt.podName();
        var spec = attempt.spec();
        for (int tries = 1; !attempt.abortRequested() && !closed; tries++) {
            try {
                var created = pods.create(pod);
                LOG.info("pod created pod={} action={} attempt={}", name, spec.action(), spec.attempt());
                attempt.onPod(created);
                break;
            } catch (ApiException e) {
                if (e.getCode() == 409) {
                    if (followExisting(attempt)) {
                        break;
                    }
                } else if (!retryable(e) || tries >= CREATE_TRIES) {
                    LOG.warn("pod not created pod={} action={} attempt={} tries={} error=\"{}\"", name,
                            spec.action(), spec.attempt(), tries, PodApi.describe(e));
                    attempt.fail("cannot create pod " + name + ": " + PodApi.describe(e));
                    return;
                }
                if (!pause(tries)) {
                    attempt.fail("interrupted while creating pod " + name);
                    return;
                }
            }
        }
        // An abort that came while the pod was being created found nothing to delete.
        if (attempt.abortRequested()) {
            deleteInBackground(name, () -> { });
        }
    }

    /**
     * The pod exists already: an executor died between creating it and recording the attempt. Follows it; returns
     * false when it could not be read, to try again.
     */
    private boolean followExisting(KubernetesAttempt attempt) {
        var name = attempt.podName();
        var spec = attempt.spec();
        try {
            var existing = pods.get(name);
            if (existing.isPresent()) {
                LOG.info("pod exists already, following it pod={} action={} attempt={}", name, spec.action(),
                        spec.attempt());
                attempt.onPod(existing.get());
            } else {
                // Deleted between our create and read (by an abort of the lost executor's attempt, say): the work
                // is gone, and recreating it could undo that abort.
                attempt.onPodGone(null);
            }
            return true;
        } catch (ApiException e) {
            LOG.debug("cannot read the existing pod pod={} error=\"{}\"", name, PodApi.describe(e));
            return false;
        }
    }

    /** Reads pod {@code podName} until it can, and tells its followers what it found. */
    private void verify(String podName) {
        Thread.ofVirtual().name("k8s-read-" + podName).start(() -> {
            for (int failures = 1; !closed; failures++) {
                try {
                    var pod = pods.get(podName);
                    for (var attempt : followers.of(podName)) {
                        if (pod.isPresent()) {
                            attempt.onPod(pod.get());
                        } else if (attempt.podKnown()) {
                            attempt.onPodGone(null);
                        }
                    }
                    return;
                } catch (ApiException e) {
                    if (failures == 1) {
                        LOG.warn("cannot read pod, retrying pod={} error=\"{}\"", podName, PodApi.describe(e));
                    }
                    if (!pause(failures)) {
                        return;
                    }
                }
            }
        });
    }

    /** Deletes pod {@code podName} in the background, retrying until the server accepts; then runs {@code then}. */
    private void deleteInBackground(String podName, Runnable then) {
        Thread.ofVirtual().name("k8s-delete-" + podName).start(() -> {
            for (int failures = 1; ; failures++) {
                try {
                    var existed = pods.delete(podName, config.deleteGracePeriod());
                    LOG.info("pod deletion accepted pod={} existed={}", podName, existed);
                    then.run();
                    return;
                } catch (ApiException e) {
                    if (closed) {
                        LOG.warn("pod not deleted, the backend is shut down pod={} error=\"{}\"", podName,
                                PodApi.describe(e));
                        return;
                    }
                    if (failures == 1) {
                        LOG.warn("cannot delete pod, retrying pod={} error=\"{}\"", podName, PodApi.describe(e));
                    }
                    if (!pause(failures)) {
                        return;
                    }
                }
            }
        });
    }

    /** Waits before the next try; false when interrupted. */
    private boolean pause(int failures) {
        try {
            backoff.sleep(failures);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Worth trying again: no answer, too many requests, or a server-side error. */
    private static boolean retryable(ApiException e) {
        return e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
    }
}

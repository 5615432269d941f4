package io.flyteservices.executor;

import io.flyteservices.executor.claim.Claimer;
import io.flyteservices.executor.claim.QueueWakeups;
import io.flyteservices.executor.lease.LeaseKeeper;
import io.flyteservices.executor.registry.ExecutorRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the executor with the application (unless {@code executor.enabled} is false) and stops it in order:
 * no more claims, running attempts drained or handed back, leases no longer renewed, the registry row removed.
 * With an HTTP server it starts once the server runs: attempts are told the server's address (bound to port 0 it is
 * only known then), and a claim made before would fail and wait out its lease.
 */
@Singleton
public final class ExecutorLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorLifecycle.class);

    private final ExecutorConfig config;
    private final ExecutorRegistry registry;
    private final QueueWakeups wakeups;
    private final LeaseKeeper leases;
    private final Claimer claimer;
    private final BeanProvider<EmbeddedServer> server;
    private boolean started;

    public ExecutorLifecycle(ExecutorConfig config, ExecutorRegistry registry, QueueWakeups wakeups,
                             LeaseKeeper leases, Claimer claimer, BeanProvider<EmbeddedServer> server) {
        this.server = server;
        this.config = config;
        this.registry = registry;
        this.wakeups = wakeups;
        this.leases = leases;
        this.claimer = claimer;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (server.find(null).map(s -> !s.isRunning()).orElse(false)) {
            return; // started by onServerStartup
        }
        start();
    }

    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        start();
    }

    private synchronized void start() {
        if (started) {
            return;
        }
        if (!config.enabled()) {
            LOG.info("executor disabled (executor.enabled=false): nothing is claimed here");
            return;
        }
        registry.start(claimer::runningCount);
        leases.start();
        claimer.start();
        wakeups.start(claimer::wake, leases::renewNow);
        started = true;
        LOG.info("executor started backend={}", config.backend());
    }

    @EventListener
    synchronized void onShutdown(ShutdownEvent event) {
        if (!started) {
            return;
        }
        started = false;
        wakeups.close();
        claimer.stop();
        leases.stop();
        registry.stop();
    }
}

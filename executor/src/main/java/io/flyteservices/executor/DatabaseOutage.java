package io.flyteservices.executor;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state of one background loop's database access while PostgreSQL cannot be reached (a restart, a failover,
 * a full pool): the first failure is logged at WARN with what to check, later ones at DEBUG until a call succeeds
 * again, which is logged once. The loop itself keeps going at its own pace: the outage ends by itself.
 */
public final class DatabaseOutage {

    private final Logger log;
    private final String what;
    private final AtomicBoolean ongoing = new AtomicBoolean();

    public DatabaseOutage(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Records a failed call; {@code e} is a {@code ControlPlaneException.Unavailable} or a data-access failure. */
    public void failed(RuntimeException e) {
        if (ongoing.compareAndSet(false, true)) {
            log.warn("{} failed, retrying until the database answers again: check that PostgreSQL is up and "
                    + "reachable at datasources.default.url and has connections to spare", what, e);
        } else {
            log.debug("{} still failing: {}", what, e.getMessage());
        }
    }

    /** Records a successful call: ends an outage, if one was going on. */
    public void succeeded() {
        if (ongoing.compareAndSet(true, false)) {
            log.info("{} works again", what);
        }
    }
}

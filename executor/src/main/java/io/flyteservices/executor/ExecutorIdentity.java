package io.flyteservices.executor;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who this executor is: the id its leases and registry row carry, and its host. A default id is new for every
 * process, so a restarted executor never mistakes the leases of its previous life for its own.
 */
@Singleton
public final class ExecutorIdentity {

    private final String id;
    private final String host;

    @Inject
    public ExecutorIdentity(ExecutorConfig config) {
        this(config.id() != null && !config.id().isBlank() ? config.id() : defaultId(hostName()), hostName());
    }

    public ExecutorIdentity(String id, String host) {
        this.id = id;
        this.host = host;
    }

    private static String defaultId(String host) {
        return host + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package io.flyteservices.launcher;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a process runs. Each mode is also the Micronaut environment its configuration file is named after. */
enum Mode {
    /** The unary RPCs (QueueService, RunService unary), stateless. */
    FUNCTIONS(true, false),
    /** Every streaming RPC (RunService Watch*, StateService): long-lived, one LISTEN connection. */
    GATEWAY(true, false),
    /** Claim queued actions and run them (local processes or Kubernetes pods); health and metrics over HTTP. */
    EXECUTOR(true, false),
    /** Apply pending database migrations and exit. */
    MIGRATE(false, true),
    /** Everything present on the class path in one JVM, on an embedded PostgreSQL unless a database is given. */
    ALL(true, true),
    /**
     * An embedded PostgreSQL alone, migrated, until stopped; its URL is logged. A throwaway database for a training
     * run in another JVM (infra/images/train-aot-cache), which then never loads the embedded server's classes.
     */
    DATABASE(false, true);

    final boolean serves;
    final boolean migrates;

    Mode(boolean serves, boolean migrates) {
        this.serves = serves;
        this.migrates = migrates;
    }

    String environment() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.environment().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "'; expected one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Mode::environment).collect(Collectors.joining("|"));
    }
}

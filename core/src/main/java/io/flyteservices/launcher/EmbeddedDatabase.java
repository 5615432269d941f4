package io.flyteservices.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server started by this process for all-in-one use, with its data kept in a directory so runs
 * survive restarts. Stopped when the process exits.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir) throws IOException {
        return start(dataDir, null);
    }

    /** Starts on {@code port}, or on a free port when it is null. */
    static EmbeddedDatabase start(Path dataDir, Integer port) throws IOException {
        Path pgData = dataDir.resolve("postgres");
        Files.createDirectories(pgData);
        stopLeftOver(pgData);
        long started = System.nanoTime();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port != null) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
                // Stopped by the launcher after the application (its executor still writes while it drains), not
                // by a shutdown hook of its own racing that.
                .setRegisterShutdownHook(false)
                .start();
        LOG.info("embedded postgres started port={} dataDir={} ms={}", postgres.getPort(), pgData,
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedDatabase(postgres);
    }

    /**
     * Stops a server a previous process left running on this data directory (it was killed before it could stop its
     * database): otherwise the new server cannot start. Its {@code postmaster.pid} names it; a pid that no longer
     * runs a postgres is a stale file, which the new server replaces by itself.
     */
    private static void stopLeftOver(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (RuntimeException e) {
            return;
        }
        var process = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("stopping the embedded postgres a previous process left running pid={} dataDir={}", pid, pgData);
        process.get().destroy();
        try {
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the left-over postgres " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the left-over postgres " + pid + " did not stop; stop it by hand", e);
        }
    }

    DatabaseUrl url() {
        return new DatabaseUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            postgres.close();
        }
    }
}

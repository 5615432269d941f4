package io.flyteservices.executor.backend.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts attempt processes so that they die with the executor. Each command runs under
 * {@code setpriv --pdeathsig KILL} (util-linux): the kernel kills it when the thread that started it ends, which a
 * killed executor's threads all do, so it leaves no task running to finish a second time beside its retry. That
 * thread is one long-lived platform thread of this class, never a virtual thread's carrier (which the JDK may retire
 * at any time). This is a safety net, not the guarantee: where {@code setpriv} is missing the command runs as is,
 * and the takeover's clean-up ({@code LocalProcessBackend#adopt}) stops orphans on this machine either way.
 */
final class ProcessLauncher implements AutoCloseable {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("process-launcher").daemon(true).unstarted(r));
    private final boolean dieWithExecutor = Files.isExecutable(SETPRIV);

    /** Starts {@code builder}'s command (whose executable must exist: see {@link #findExecutable}). */
    Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        if (dieWithExecutor) {
            List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
            wrapped.addAll(builder.command());
            builder.command(wrapped);
        }
        try {
            return thread.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("starting a process failed", e.getCause());
        }
    }

    /**
     * Where {@code command} is found: itself when it has a slash, else the first executable of that name on
     * {@code PATH} of {@code env}. Checked before starting, so a missing program stays a system error rather than
     * becoming the wrapper's exit code.
     */
    static Optional<Path> findExecutable(String command, Map<String, String> env) {
        if (command.contains("/")) {
            Path path = Path.of(command);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = env.getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

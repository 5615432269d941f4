package io.flyteservices.executor.backend.local;

import flyteidl2.core.TaskLog;
import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.flyteservices.executor.backend.AttemptEnvironment;
import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.Placeholders;
import io.flyteservices.executor.backend.RunningAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt run as a local process: {@link #run()} starts the process, waits for it to exit, to be aborted or to
 * time out, and reports the outcome. Runs on its own thread; {@link #abort()} may be called from any thread.
 */
final class LocalAttempt implements RunningAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAttempt.class);

    static final String STDOUT_FILE = "stdout.log";
    static final String STDERR_FILE = "stderr.log";

    /** Why the attempt stopped waiting; the first reason recorded wins. */
    private enum Ending { EXITED, ABORTED, TIMED_OUT }

    private final AttemptSpec spec;
    private final BackendListener listener;
    private final ProcessTree tree;
    private final ProcessLauncher launcher;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private final CompletableFuture<Void> abortRequested = new CompletableFuture<>();
    private final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
    private volatile Process process;

    LocalAttempt(AttemptSpec spec, BackendListener listener, ProcessTree tree, ProcessLauncher launcher) {
        this.launcher = launcher;
        this.spec = spec;
        this.listener = listener;
        this.tree = tree;
    }

    @Override
    public void abort() {
        if (ending.compareAndSet(null, Ending.ABORTED)) {
            LOG.info("attempt abort requested action={} attempt={}", spec.action(), spec.attempt());
        }
        abortRequested.complete(null);
    }

    @Override
    public CompletableFuture<AttemptOutcome> outcome() {
        return outcome;
    }

    /** Runs the attempt to its end; reports {@code Finished} and completes {@link #outcome()} whatever happens. */
    void run() {
        BackendEvent.Finished finished;
        try {
            finished = execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killNow();
            finished = new BackendEvent.Finished(
                    new AttemptOutcome.Failed(ErrorKind.SYSTEM, "executor interrupted while running the attempt"),
                    List.of());
        } catch (IOException | RuntimeException | Error e) {
            // Even an Error (a class gone missing under a running server) must end the attempt: the executor waits
            // for the outcome, and an attempt without one would hold its lease forever.
            LOG.error("attempt failed unexpectedly action={} attempt={}", spec.action(), spec.attempt(), e);
            killNow();
            finished = new BackendEvent.Finished(
                    new AttemptOutcome.Failed(ErrorKind.SYSTEM, "local backend error: " + e), List.of());
        }
        LOG.info("attempt finished action={} attempt={} outcome={}", spec.action(), spec.attempt(),
                finished.outcome().getClass().getSimpleName());
        emit(finished);
        outcome.complete(finished.outcome());
    }

    private BackendEvent.Finished execute() throws InterruptedException, IOException {
        var container = spec.template().getContainer();
        var commandLine = new ArrayList<String>(container.getCommandList());
        commandLine.addAll(container.getArgsList());
        if (commandLine.isEmpty()) {
            return systemFailure("task template has no container command or args");
        }
        if (ending.get() == Ending.ABORTED) {
            return new BackendEvent.Finished(new AttemptOutcome.Aborted(), List.of());
        }
        emit(new BackendEvent.Initializing(spec.workDir().toString()));
        Files.createDirectories(spec.workDir());
        var builder = new ProcessBuilder(Placeholders.of(spec).substitute(commandLine))
                .directory(spec.workDir().toFile())
                .redirectOutput(stdout().toFile())
                .redirectError(stderr().toFile());
        builder.environment().putAll(AttemptEnvironment.of(spec));
        if (ProcessLauncher.findExecutable(builder.command().getFirst(), builder.environment()).isEmpty()) {
            return systemFailure("cannot start the command: " + builder.command().getFirst()
                    + ": no such executable file");
        }
        Process started;
        try {
            started = launcher.start(builder);
        } catch (IOException e) {
            return systemFailure("cannot start the command: " + e.getMessage());
        }
        process = started;
        // Nobody writes to the task's stdin: close it so a task reading it sees end-of-file instead of hanging.
        started.getOutputStream().close();
        LOG.info("attempt started action={} attempt={} pid={}", spec.action(), spec.attempt(), started.pid());
        emit(new BackendEvent.Started(Long.toString(started.pid()), logs()));

        var end = awaitEnd(started);
        if (end != Ending.EXITED) {
            tree.kill(started.toHandle());
        }
        var exitCode = started.waitFor();
        AttemptOutcome result = switch (end) {
            case ABORTED -> new AttemptOutcome.Aborted();
            case TIMED_OUT -> new AttemptOutcome.TimedOut();
            case EXITED -> exitCode == 0
                    ? new AttemptOutcome.Succeeded()
                    : new AttemptOutcome.Failed(ErrorKind.USER, failureMessage(exitCode));
        };
        return new BackendEvent.Finished(result, logs());
    }

    /** Waits for the process to exit, an abort or the timeout, and records which came first. */
    private Ending awaitEnd(Process started) throws InterruptedException {
        var stop = CompletableFuture.anyOf(started.onExit(), abortRequested);
        try {
            if (spec.timeout().isZero()) {
                stop.get();
            } else {
                stop.get(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            ending.compareAndSet(null, Ending.TIMED_OUT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("onExit and abort never fail", e);
        }
        ending.compareAndSet(null, Ending.EXITED);
        return ending.get();
    }

    private String failureMessage(int exitCode) throws IOException {
        var tail = LogTail.of(stderr());
        return tail.isEmpty() ? "exit code " + exitCode : "exit code " + exitCode + ": " + tail;
    }

    private BackendEvent.Finished systemFailure(String reason) {
        return new BackendEvent.Finished(new AttemptOutcome.Failed(ErrorKind.SYSTEM, reason), List.of());
    }

    /** Last resort when this thread cannot wait any more: SIGKILL the tree without waiting for it. */
    private void killNow() {
        var started = process;
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
    }

    private void emit(BackendEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // The attempt's outcome does not depend on the listener; report its bug and carry on.
            LOG.warn("backend listener failed action={} attempt={} event={}", spec.action(), spec.attempt(),
                    event.getClass().getSimpleName(), e);
        }
    }

    private List<TaskLog> logs() {
        return List.of(log("stdout", stdout()), log("stderr", stderr()));
    }

    private Path stdout() {
        return spec.workDir().resolve(STDOUT_FILE);
    }

    private Path stderr() {
        return spec.workDir().resolve(STDERR_FILE);
    }

    private static TaskLog log(String name, Path file) {
        return TaskLog.newBuilder()
                .setName(name)
                .setUri(file.toUri().toString())
                .setMessageFormat(TaskLog.MessageFormat.UNKNOWN)
                .build();
    }
}

package io.flyteservices.executor.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Kills a process and everything it started: SIGTERM to the descendants and then the process, SIGKILL to whatever
 * is still alive after a grace period.
 */
final class ProcessTree {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final Duration grace;

    ProcessTree(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        this.grace = grace;
    }

    /**
     * Terminates {@code root} and its descendants and waits for them to exit: at most the grace period after
     * SIGTERM, then at most the grace period again after SIGKILL. Returns whether every process is gone.
     */
    boolean kill(ProcessHandle root) throws InterruptedException {
        // Descendants are listed before the root is signalled: once it dies they are re-parented and no longer
        // reachable from it.
        var members = membersOf(root);
        members.forEach(ProcessHandle::destroy);
        if (awaitExit(members)) {
            return true;
        }
        // Children forked while we were waiting are picked up too.
        members.addAll(membersOf(root));
        var alive = members.stream().filter(ProcessTree::isRunning).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        return awaitExit(alive);
    }

    /**
     * Whether {@code process} still runs. Unlike {@link ProcessHandle#isAlive()} a zombie counts as gone: a killed
     * grandchild is re-parented to init, which may reap it late (or, in some containers, never).
     */
    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !isZombie(process.pid());
    }

    /** Reads the state field of {@code /proc/<pid>/stat} (Linux only; elsewhere nothing is a zombie). */
    private static boolean isZombie(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name is in parentheses and may itself contain ") ", so the state follows the last ')'.
            var afterName = stat.substring(stat.lastIndexOf(')') + 1).stripLeading();
            return afterName.startsWith("Z");
        } catch (IOException | RuntimeException e) {
            // Gone meanwhile, or no /proc: isAlive() has the last word.
            return false;
        }
    }

    /**
     * The running processes whose environment holds {@code name=value}, read from {@code /proc/<pid>/environ}
     * (Linux only, and only the processes this user may inspect; elsewhere none). Finds the work a lost executor
     * left behind: its processes are re-parented to init, so no handle leads to them.
     */
    static List<ProcessHandle> markedWith(String name, String value) {
        var entry = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> environHolds(p.pid(), entry))
                    .filter(ProcessTree::isRunning)
                    .toList();
        }
    }

    private static boolean environHolds(long pid, byte[] entry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static LinkedHashSet<ProcessHandle> membersOf(ProcessHandle root) {
        var members = new LinkedHashSet<ProcessHandle>();
        root.descendants().forEach(members::add);
        members.add(root);
        return members;
    }

    /**
     * Polls rather than using {@link ProcessHandle#onExit()}: for processes that are not our children (the
     * grandchildren) the JDK polls with a 300 ms first step, slower than a short grace period.
     */
    private boolean awaitExit(Collection<ProcessHandle> processes) throws InterruptedException {
        var deadline = System.nanoTime() + grace.toNanos();
        while (processes.stream().anyMatch(ProcessTree::isRunning)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_INTERVAL);
        }
        return true;
    }
}

package io.flyteservices.executor.backend.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessTreeTest {

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        // Only the processes this test started, in case an assertion failed before the tree was killed.
        started.forEach(root -> {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        });
    }

    @Test
    void shouldKillProcessAndItsChildrenWhenTerminated() throws Exception {
        var root = shell("sleep 300 & sleep 300");
        var children = awaitChildren(root);

        var allGone = new ProcessTree(Duration.ofSeconds(5)).kill(root);

        assertThat(allGone).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessTree::isRunning);
    }

    @Test
    void shouldEscalateToKillWhenProcessesIgnoreTerm() throws Exception {
        // Ignored signals are inherited, so the sleeps ignore SIGTERM as well.
        var root = shell("trap '' TERM; sleep 300 & sleep 300");
        var children = awaitChildren(root);

        var allGone = new ProcessTree(Duration.ofMillis(300)).kill(root);

        assertThat(allGone).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessTree::isRunning);
    }

    @Test
    void shouldCountZombieAsNotRunningWhenItsParentNeverReapsIt() throws Exception {
        // sh forks "sleep 0", then becomes "sleep 300", which never waits for it: a zombie that stays.
        var root = shell("sleep 0 & exec sleep 300");
        var child = awaitChildren(root, 1).getFirst();

        await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessTree.isRunning(child));

        assertThat(child.isAlive()).as("a zombie is alive to the JDK").isTrue();
        assertThat(ProcessTree.isRunning(root)).isTrue();
    }

    @Test
    void shouldCountExitedProcessAsNotRunningWhenReaped() throws Exception {
        var process = new ProcessBuilder("true").start();
        process.waitFor();

        assertThat(ProcessTree.isRunning(process.toHandle())).isFalse();
    }

    private ProcessHandle shell(String script) throws IOException {
        var handle = new ProcessBuilder("sh", "-c", script).start().toHandle();
        started.add(handle);
        return handle;
    }

    private static List<ProcessHandle> awaitChildren(ProcessHandle root) {
        return awaitChildren(root, 2);
    }

    private static List<ProcessHandle> awaitChildren(ProcessHandle root, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() >= count);
        return root.descendants().toList();
    }
}

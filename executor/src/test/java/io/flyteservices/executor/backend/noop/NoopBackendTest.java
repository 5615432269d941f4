package io.flyteservices.executor.backend.noop;

import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.BackendEvent;
import io.flyteservices.executor.backend.BackendListener;
import io.flyteservices.executor.backend.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NoopBackendTest {

    @TempDir
    Path dir;

    @Test
    void shouldReportInitializingRunningAndSucceededWithoutRunningTheCommand() throws Exception {
        var events = new CopyOnWriteArrayList<BackendEvent>();
        Path marker = dir.resolve("ran");
        var spec = Specs.spec(dir, Specs.shell("touch " + marker));

        var attempt = new NoopBackend().start(spec, events::add);

        assertThat(attempt.outcome().get(5, TimeUnit.SECONDS)).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Initializing", "Started", "Finished");
        assertThat(((BackendEvent.Finished) events.getLast()).outcome()).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void shouldEndAbortedWhenAbortedWhileReporting() throws Exception {
        var events = new CopyOnWriteArrayList<BackendEvent>();
        var holder = new Object() { io.flyteservices.executor.backend.RunningAttempt attempt; };
        var started = new java.util.concurrent.CountDownLatch(1);
        BackendListener listener = e -> {
            events.add(e);
            if (e instanceof BackendEvent.Initializing) {
                try {
                    started.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                holder.attempt.abort();
            }
        };

        holder.attempt = new NoopBackend().start(Specs.spec(dir, Specs.shell("true")), listener);
        started.countDown();

        assertThat(holder.attempt.outcome().get(5, TimeUnit.SECONDS)).isInstanceOf(AttemptOutcome.Aborted.class);
        assertThat(events.getLast()).isEqualTo(new BackendEvent.Finished(new AttemptOutcome.Aborted(), List.of()));
    }

    @Test
    void shouldStillFinishWhenTheListenerThrows() throws Exception {
        var finished = new CopyOnWriteArrayList<BackendEvent>();
        BackendListener listener = e -> {
            if (e instanceof BackendEvent.Finished) {
                finished.add(e);
            }
            throw new IllegalStateException("listener broke");
        };

        var attempt = new NoopBackend().start(Specs.spec(dir, Specs.shell("true")), listener);

        assertThat(attempt.outcome().get(5, TimeUnit.SECONDS)).isInstanceOf(AttemptOutcome.Succeeded.class);
        assertThat(finished).hasSize(1);
    }
}

package io.flyteservices.gateway;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchClusterEventsResponse;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Killing the gateway's LISTEN connection in the middle of a burst loses nothing on open streams. */
class ListenFailoverIT {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // A long poll interval: delivery after the kill must come from the reconnected LISTEN, not the poll.
        server = TestServer.start(java.util.Map.of("feed.poll-interval", "30s"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldDeliverEveryChangeToOpenStreamsWhenTheListenConnectionIsTerminatedDuringABurst() throws Exception {
        var runs = RunServiceGrpc.newBlockingStub(server.channel());
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        long actionId = query("SELECT a.id FROM actions a JOIN runs r ON r.id = a.run_id WHERE r.name = '"
                + id.getName() + "' AND a.name = 'a0'");
        update("INSERT INTO action_attempts (action_id, attempt, phase) VALUES (" + actionId + ", 1, 4)");
        StreamRecorder<WatchClusterEventsResponse> first = new StreamRecorder<>();
        StreamRecorder<WatchClusterEventsResponse> second = new StreamRecorder<>();
        var watches = RunServiceGrpc.newStub(server.channel());
        WatchClusterEventsRequest request = WatchClusterEventsRequest.newBuilder()
                .setId(Fixtures.actionId(id, "a0")).setAttempt(1).build();
        watches.watchClusterEvents(request, first);
        watches.watchClusterEvents(request, second);
        first.awaitMessage(m -> true);
        second.awaitMessage(m -> true);

        AtomicInteger written = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 1_000; i++) {
                update("INSERT INTO cluster_events (action_id, attempt, occurred_at, message) VALUES ("
                        + actionId + ", 1, now(), 'e" + i + "')");
                written.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= 300);
        assertThat(query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE application_name = 'flyte-change-feed' AND datname = current_database()")).isEqualTo(1);
        writer.join();

        for (StreamRecorder<WatchClusterEventsResponse> stream : java.util.List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(stream).size() == 1_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> query("SELECT count(*) FROM pg_stat_activity "
                + "WHERE application_name = 'flyte-change-feed' AND datname = current_database()") == 1);
    }

    private static Set<String> messages(StreamRecorder<WatchClusterEventsResponse> stream) {
        Set<String> seen = new HashSet<>();
        stream.messages.forEach(m -> m.getClusterEventsList().forEach(e -> seen.add(e.getMessage())));
        return seen;
    }

    private static long query(String sql) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(String sql) {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

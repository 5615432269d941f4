package io.flyteservices.gateway;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortActionRequest;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchClusterEventsResponse;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Slow readers and many readers: nobody holds up anybody, nothing is skipped, connections stay fixed. */
class BackpressureIT {

    private static final int BUFFER = 8;
    private static TestServer server;
    private static RunServiceGrpc.RunServiceBlockingStub runs;
    private static RunServiceGrpc.RunServiceStub watches;
    private static QueueServiceGrpc.QueueServiceBlockingStub queue;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("runs.watch-buffer-size", BUFFER));
        runs = RunServiceGrpc.newBlockingStub(server.channel());
        watches = RunServiceGrpc.newStub(server.channel());
        queue = QueueServiceGrpc.newBlockingStub(server.channel());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void shouldCloseOnlyTheSlowReaderWhenTenThousandEventsFlow() throws Exception {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        long actionId = actionId(id);
        sql("INSERT INTO action_attempts (action_id, attempt, phase) VALUES (?, 1, 4)", actionId);
        WatchClusterEventsRequest request = WatchClusterEventsRequest.newBuilder()
                .setId(Fixtures.actionId(id, "a0")).setAttempt(1).build();

        StreamRecorder<WatchClusterEventsResponse> fast = new StreamRecorder<>();
        watches.watchClusterEvents(request, fast);
        // Its own connection with a small window, so its unread bytes back up on the server and not in a shared
        // connection window that would stall the fast reader on the client side.
        ManagedChannel slowChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
                .flowControlWindow(65_536).build();
        SlowReader slow = new SlowReader();
        RunServiceGrpc.newStub(slowChannel).watchClusterEvents(request, slow);
        fast.awaitMessage(m -> true);

        for (int tx = 0; tx < 100; tx++) {
            try (Connection c = TestDatabase.get().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_events (action_id, attempt, "
                         + "occurred_at, message) SELECT ?, 1, now(), 'event ' || g || repeat('.', 1000) "
                         + "FROM generate_series(1, 100) g")) {
                ps.setLong(1, actionId);
                ps.executeUpdate();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events(fast) == 10_000);
        sql("UPDATE action_attempts SET phase = 5 WHERE action_id = ?", actionId);

        assertThat(fast.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(events(fast)).isEqualTo(10_000);
        // The server gave up on the slow stream long ago; its client sees that once it reads again (the status
        // trails the data the reader left unread).
        slow.call.request(Integer.MAX_VALUE);
        assertThat(slow.ended.await(30, TimeUnit.SECONDS)).as("slow stream ended").isTrue();
        assertThat(slow.status.get().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(slow.status.get().getDescription()).contains("reconnect");
        slowChannel.shutdownNow();
        assertThat(server.context().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .counter("gateway.streams.overflows", "rpc", "WatchClusterEvents").count()).isEqualTo(1.0);
    }

    @Test
    void shouldShowEveryFinalPhaseToAThousandStreamsWithFixedConnections() throws Exception {
        RunIdentifier id = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(id));
        List<StreamRecorder<WatchActionsResponse>> streams = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            StreamRecorder<WatchActionsResponse> s = new StreamRecorder<>();
            watches.watchActions(WatchActionsRequest.newBuilder().setRunId(id).build(), s);
            streams.add(s);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.stream().allMatch(s -> !s.messages.isEmpty()));

        for (int i = 0; i < 100; i++) {
            queue.enqueueAction(Fixtures.enqueue(id, "c" + i, "a0"));
        }
        int peakConnections = connections();
        for (int i = 0; i < 50; i++) {
            runs.abortAction(AbortActionRequest.newBuilder().setActionId(Fixtures.actionId(id, "c" + i)).build());
        }
        runs.abortRun(AbortRunRequest.newBuilder().setRunId(id).build());
        peakConnections = Math.max(peakConnections, connections());

        for (StreamRecorder<WatchActionsResponse> s : streams) {
            assertThat(s.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
            Map<String, Phase> last = new HashMap<>();
            s.messages.forEach(m -> m.getEnrichedActionsList().forEach(a ->
                    last.put(a.getAction().getId().getName(), a.getAction().getStatus().getPhase())));
            assertThat(last).hasSize(101).allSatisfy((name, phase) -> assertThat(phase).isEqualTo(Phase.PHASE_ABORTED));
        }
        // The pool (8 in tests) plus one LISTEN connection, whatever the number of streams.
        assertThat(peakConnections).isLessThanOrEqualTo(9);
    }

    /** Asks for one message, then never reads again. */
    private static final class SlowReader implements ClientResponseObserver<WatchClusterEventsRequest,
            WatchClusterEventsResponse> {
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<Status> status = new AtomicReference<>();
        volatile ClientCallStreamObserver<WatchClusterEventsRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchClusterEventsRequest> call) {
            this.call = call;
            call.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(WatchClusterEventsResponse value) {
        }

        @Override
        public void onError(Throwable t) {
            status.set(Status.fromThrowable(t));
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            status.set(Status.OK);
            ended.countDown();
        }
    }

    private static int events(StreamRecorder<WatchClusterEventsResponse> s) {
        return s.messages.stream().mapToInt(WatchClusterEventsResponse::getClusterEventsCount).sum();
    }

    /** Connections of the application (not this test's own) to the test database. */
    private static int connections() throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long actionId(RunIdentifier run) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.id FROM actions a JOIN runs r ON r.id = a.run_id "
                     + "WHERE r.project = ? AND r.name = ? AND a.name = 'a0'")) {
            ps.setString(1, run.getProject());
            ps.setString(2, run.getName());
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement, long actionId) throws Exception {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setLong(1, actionId);
            ps.executeUpdate();
        }
    }
}

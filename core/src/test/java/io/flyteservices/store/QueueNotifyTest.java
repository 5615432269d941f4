package io.flyteservices.store;

import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The wake-ups executors LISTEN for on channel {@code flyte_queue} (V6): {@code work} when an entry is queued,
 * {@code abort} when one is aborted, nothing for lease writes. Only notifications sent by this test's writer
 * session count (other tests share the database); after its writes the writer sends a marker on another channel,
 * and since notifications arrive in commit order, what came before the marker is everything its writes sent.
 */
class QueueNotifyTest {

    private static final String CHANNEL = "flyte_queue";
    private static final String MARKER_CHANNEL = "flyte_queue_test_marker";
    private static final long LONG_LEASE = 60_000;
    private static final long MARKER_WAIT_MILLIS = 10_000;

    private final DataSource ds = TestDatabase.get().dataSource();
    private final QueueStore queue = new QueueStore();
    private Connection listener;
    private Connection writer;
    private int writerPid;

    @BeforeEach
    void listen() throws SQLException {
        listener = ds.getConnection();
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
            s.execute("LISTEN " + MARKER_CHANNEL);
        }
        writer = ds.getConnection();
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            writerPid = rs.getInt(1);
        }
    }

    @AfterEach
    void close() throws SQLException {
        try (Connection l = listener; Connection w = writer) {
            try (Statement s = l.createStatement()) {
                s.execute("UNLISTEN *");
            }
        }
    }

    @Test
    void shouldNotifyWorkWhenAnEntryIsQueued() throws SQLException {
        enqueue();

        assertThat(queueNotificationsSent()).containsExactly("work");
    }

    @Test
    void shouldNotifyAbortWhenALeasedEntryIsAborted() throws SQLException {
        long action = enqueue();
        lease(action);
        queueNotificationsSent();

        queue.abortEntries(writer, List.of(action), "stop");

        assertThat(queueNotificationsSent()).containsExactly("abort");
        assertThat(statusOf(action)).as("entry marked aborted").isEqualTo(1);
    }

    @Test
    void shouldNotNotifyWhenALeaseIsRenewed() throws SQLException {
        long action = enqueue();
        assertThat(queueNotificationsSent()).as("the listener hears this writer").containsExactly("work");
        Claim held = lease(action);
        queueNotificationsSent();

        List<QueueStore.Lease> renewed = queue.renewIfHeld(writer, "exec-notify", List.of(held), LONG_LEASE);

        assertThat(renewed).extracting(QueueStore.Lease::entryId).containsExactly(held.entryId());
        assertThat(queueNotificationsSent()).isEmpty();
    }

    @Test
    void shouldNotNotifyWhenAnEntryIsClaimed() throws SQLException {
        long action = enqueue();
        queueNotificationsSent();

        Claim held = claimOf(action);

        assertThat(held.actionId()).isEqualTo(action);
        assertThat(queueNotificationsSent()).isEmpty();
    }

    /**
     * Leases this test's entry as a claim would (without leasing other tests' entries along with it): the setup
     * of the tests that are not about claiming.
     */
    private Claim lease(long action) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("UPDATE queued_actions SET claimed_by = 'exec-notify', "
                + "lease_expires_at = now() + interval '1 minute', lease_token = lease_token + 1 "
                + "WHERE action_id = ? RETURNING id, action_id, run_id, lease_token")) {
            ps.setLong(1, action);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry of action %s exists", action).isTrue();
                return new Claim(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
            }
        }
    }

    /** Claims this test's entry through the store (others' claimable entries may be leased along with it). */
    private Claim claimOf(long action) throws SQLException {
        List<Claim> claims = queue.claim(writer, "exec-notify", LONG_LEASE, 1_000);
        return claims.stream().filter(c -> c.actionId() == action).findFirst()
                .orElseThrow(() -> new AssertionError("entry of action " + action + " not claimed: " + claims));
    }

    /**
     * The payloads on {@code flyte_queue} the writer sent since the last call: sends a marker from the writer and
     * collects the writer's notifications until the marker arrives.
     */
    private List<String> queueNotificationsSent() throws SQLException {
        String marker = UUID.randomUUID().toString();
        try (PreparedStatement ps = writer.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, MARKER_CHANNEL);
            ps.setString(2, marker);
            ps.execute();
        }
        PGConnection pg = listener.unwrap(PGConnection.class);
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + MARKER_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            int waitMillis = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            PGNotification[] received = pg.getNotifications(waitMillis);
            if (received == null) {
                continue;
            }
            for (PGNotification n : received) {
                if (n.getPID() != writerPid) {
                    continue;
                }
                if (n.getName().equals(MARKER_CHANNEL) && n.getParameter().equals(marker)) {
                    return payloads;
                }
                if (n.getName().equals(CHANNEL)) {
                    payloads.add(n.getParameter());
                }
            }
        }
        return fail("marker notification not received within %d ms; got %s", MARKER_WAIT_MILLIS, payloads);
    }

    private int statusOf(long action) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT status FROM queued_actions WHERE action_id = ?")) {
            ps.setLong(1, action);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry of action %s exists", action).isTrue();
                return rs.getInt(1);
            }
        }
    }

    /** Inserts a run with one action and queues it, on the writer session; returns the action id. */
    private long enqueue() throws SQLException {
        long runId;
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO runs (org, project, domain, name, run_spec, "
                + "inputs_uri, run_output_base) VALUES ('', 'notify', 'd', ?, '', 'x', 'y') RETURNING id")) {
            ps.setString(1, "r" + System.nanoTime());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                runId = rs.getLong(1);
            }
        }
        long actionId;
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO actions (run_id, org, project, domain, "
                + "run_name, name, action_type, phase, spec, input_uri, run_output_base) "
                + "VALUES (?, '', 'notify', 'd', 'r', 'a0', 1, 1, '', 'x', 'y') RETURNING id")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actionId = rs.getLong(1);
            }
        }
        queue.insert(writer, actionId, runId);
        return actionId;
    }
}

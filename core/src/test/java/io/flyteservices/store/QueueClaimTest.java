package io.flyteservices.store;

import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claiming from the queue on a real PostgreSQL: FIFO, never twice, leases that expire, lease tokens as fencing.
 * Each test drains what is claimable first, so tests sharing the database do not see each other's entries.
 */
class QueueClaimTest {

    private static final long LONG_LEASE = 60_000;
    private final DataSource ds = TestDatabase.get().dataSource();
    private final QueueStore queue = new QueueStore();

    @BeforeEach
    void drainClaimable() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM queued_actions WHERE status = 0 AND (claimed_by IS NULL OR lease_expires_at < now())")) {
            ps.executeUpdate();
        }
    }

    @Test
    void shouldClaimOldestFirstUpToTheLimitWhenEntriesAreQueued() throws SQLException {
        List<Long> actions = enqueue(5);

        List<Claim> first = claim("exec-a", LONG_LEASE, 3);
        List<Claim> rest = claim("exec-a", LONG_LEASE, 10);

        assertThat(first).extracting(Claim::actionId).containsExactlyElementsOf(actions.subList(0, 3));
        assertThat(rest).extracting(Claim::actionId).containsExactlyElementsOf(actions.subList(3, 5));
        assertThat(first).extracting(Claim::leaseToken).containsOnly(1);
    }

    @Test
    void shouldNeverHandOneEntryToTwoExecutorsWhenTheyClaimConcurrently() throws Exception {
        List<Long> actions = enqueue(200);
        List<Long> claimedA = Collections.synchronizedList(new ArrayList<>());
        List<Long> claimedB = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> a = pool.submit(() -> drain("exec-a", claimedA));
            Future<?> b = pool.submit(() -> drain("exec-b", claimedB));
            a.get();
            b.get();
        }
        Set<Long> both = new HashSet<>(claimedA);
        both.retainAll(claimedB);

        assertThat(both).isEmpty();
        assertThat(claimedA.size() + claimedB.size()).isEqualTo(200);
        assertThat(new HashSet<>(claimedA)).hasSize(claimedA.size());
        Set<Long> all = new HashSet<>(claimedA);
        all.addAll(claimedB);
        assertThat(all).containsExactlyInAnyOrderElementsOf(actions);
    }

    @Test
    void shouldLetAnotherExecutorTakeOverAndFenceTheStaleOneWhenALeaseExpires() throws SQLException {
        enqueue(1);
        Claim stale = claim("exec-a", 50, 1).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(() -> leaseExpired(stale.entryId()));

        Claim takeover = claim("exec-b", LONG_LEASE, 1).getFirst();

        assertThat(takeover.entryId()).isEqualTo(stale.entryId());
        assertThat(takeover.leaseToken()).isEqualTo(2);
        try (Connection c = ds.getConnection()) {
            assertThat(queue.renewIfHeld(c, "exec-a", List.of(stale), LONG_LEASE)).isEmpty();
            assertThat(queue.deleteIfHeld(c, "exec-a", stale)).isFalse();
            assertThat(queue.deleteIfHeld(c, "exec-b", takeover)).isTrue();
        }
    }

    @Test
    void shouldReportAbortOnRenewalAndNeverClaimAbortedEntries() throws SQLException {
        List<Long> actions = enqueue(2);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            queue.abortEntries(c, actions, "stop");

            assertThat(queue.renewIfHeld(c, "exec-a", List.of(held), LONG_LEASE))
                    .containsExactly(new QueueStore.Lease(held.entryId(), true));
        }
        assertThat(claim("exec-b", LONG_LEASE, 10)).isEmpty();
    }

    @Test
    void shouldKeepARetriedEntryUnclaimableUntilItsBackOffHasPassed() throws SQLException {
        enqueue(1);
        Claim first = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            assertThat(queue.releaseForRetryIfHeld(c, "exec-a", first, 300)).isTrue();
        }
        assertThat(claim("exec-a", LONG_LEASE, 1)).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> !claim("exec-b", LONG_LEASE, 1).isEmpty());
    }

    private void drain(String executor, List<Long> into) {
        try {
            for (List<Claim> batch = claim(executor, LONG_LEASE, 7); !batch.isEmpty();
                 batch = claim(executor, LONG_LEASE, 7)) {
                batch.forEach(claim -> into.add(claim.actionId()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Claim> claim(String executor, long leaseMillis, int limit) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return queue.claim(c, executor, leaseMillis, limit);
        }
    }

    private boolean leaseExpired(long entryId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT lease_expires_at < now() FROM queued_actions WHERE id = ?")) {
            ps.setLong(1, entryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Inserts a run with {@code n} queued actions; returns the action ids in enqueue order. */
    private List<Long> enqueue(int n) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            long runId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (org, project, domain, name, run_spec, "
                    + "inputs_uri, run_output_base) VALUES ('', 'claims', 'd', ?, '', 'x', 'y') RETURNING id")) {
                ps.setString(1, "r" + System.nanoTime());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    runId = rs.getLong(1);
                }
            }
            for (int i = 0; i < n; i++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO actions (run_id, org, project, domain, "
                        + "run_name, name, action_type, phase, spec, input_uri, run_output_base) "
                        + "VALUES (?, '', 'claims', 'd', 'r', ?, 1, 1, '', 'x', 'y') RETURNING id")) {
                    ps.setLong(1, runId);
                    ps.setString(2, "a" + i);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
                queue.insert(c, ids.getLast(), runId);
            }
        }
        return ids;
    }
}

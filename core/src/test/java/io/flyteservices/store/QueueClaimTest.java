package io.flyteservices.store;

import io.flyteservices.store.QueueStore.Claim;
import io.flyteservices.store.QueueStore.EntryStatus;
import io.flyteservices.store.QueueStore.Lease;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claiming from the queue on a real PostgreSQL: FIFO, never twice, leases that expire, lease tokens as fencing.
 * Each test drains what is claimable first (pending entries and abandoned aborted ones), so tests sharing the
 * database do not see each other's entries.
 */
class QueueClaimTest {

    private static final long LONG_LEASE = 60_000;
    private final DataSource ds = TestDatabase.get().dataSource();
    private final QueueStore queue = new QueueStore();

    @BeforeEach
    void drainClaimable() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM queued_actions WHERE (status = 0 AND claimed_by IS NULL) OR lease_expires_at < now()")) {
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

    @Test
    void shouldReportPendingWhenTheHolderLocksAnEntryItStillHolds() throws SQLException {
        enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();

        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-a", held)).contains(EntryStatus.PENDING);
        }
    }

    @Test
    void shouldReportAbortedWhenTheHeldEntryWasAborted() throws SQLException {
        List<Long> actions = enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            queue.abortEntries(c, actions, "stop");

            assertThat(queue.lockIfHeld(c, "exec-a", held)).contains(EntryStatus.ABORTED);
        }
    }

    @Test
    void shouldFindNothingToLockWhenAnotherExecutorAsksForTheEntry() throws SQLException {
        enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();

        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-b", held)).isEmpty();
            assertThat(queue.lockIfHeld(c, "exec-a", held)).as("the holder itself").contains(EntryStatus.PENDING);
        }
    }

    @Test
    void shouldFindNothingToLockWhenTheLeaseTokenIsStale() throws SQLException {
        enqueue(1);
        Claim stale = claim("exec-a", LONG_LEASE, 1).getFirst();
        expireLease(stale.entryId());
        Claim again = claim("exec-a", LONG_LEASE, 1).getFirst();

        assertThat(again.entryId()).isEqualTo(stale.entryId());
        assertThat(again.leaseToken()).isEqualTo(stale.leaseToken() + 1);
        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-a", stale)).as("same holder, older token").isEmpty();
            assertThat(queue.lockIfHeld(c, "exec-a", again)).contains(EntryStatus.PENDING);
        }
    }

    @Test
    void shouldFindNothingToLockWhenTheEntryWasDeleted() throws SQLException {
        enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            assertThat(queue.deleteIfHeld(c, "exec-a", held)).isTrue();

            assertThat(queue.lockIfHeld(c, "exec-a", held)).isEmpty();
        }
    }

    @Test
    void shouldHideTheEntryFromClaimersWhenItsHolderHasItLocked() throws SQLException {
        enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();
        expireLease(held.entryId());
        try (Connection holder = ds.getConnection()) {
            holder.setAutoCommit(false);
            Optional<EntryStatus> locked = queue.lockIfHeld(holder, "exec-a", held);

            assertThat(locked).contains(EntryStatus.PENDING);
            assertThat(claim("exec-b", LONG_LEASE, 10)).as("claim while the row is locked").isEmpty();
            holder.commit();
        }
        assertThat(claim("exec-b", LONG_LEASE, 10)).as("claim after the lock was released")
                .extracting(Claim::entryId).containsExactly(held.entryId());
    }

    @Test
    void shouldClaimOnlyAbortedEntriesWhoseLeaseExpiredWhenClaimingAbandonedAborts() throws SQLException {
        List<Long> actions = enqueue(4);
        List<Claim> held = claim("exec-a", LONG_LEASE, 3);
        Claim abandoned = held.get(0);
        Claim abortedButLive = held.get(1);
        Claim pendingExpired = held.get(2);
        try (Connection c = ds.getConnection()) {
            queue.abortEntries(c, List.of(actions.get(0), actions.get(1)), "stop");
        }
        expireLease(abandoned.entryId());
        expireLease(pendingExpired.entryId());

        List<Claim> taken;
        try (Connection c = ds.getConnection()) {
            taken = queue.claimAbandonedAborts(c, "exec-b", LONG_LEASE, 10);
        }

        assertThat(taken).containsExactly(new Claim(abandoned.entryId(), actions.get(0), abandoned.runId(),
                abandoned.leaseToken() + 1));
        assertThat(holderOf(abortedButLive.entryId())).as("aborted, live lease").isEqualTo("exec-a");
        assertThat(holderOf(pendingExpired.entryId())).as("pending, expired lease").isEqualTo("exec-a");
        assertThat(holderOf(entryOf(actions.get(3)))).as("pending, never claimed").isNull();
        try (Connection c = ds.getConnection()) {
            assertThat(queue.claimAbandonedAborts(c, "exec-c", LONG_LEASE, 10)).as("taken again").isEmpty();
        }
    }

    @Test
    void shouldFenceTheOldHolderWhenItsAbandonedAbortIsTakenOver() throws SQLException {
        List<Long> actions = enqueue(1);
        Claim old = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            queue.abortEntries(c, actions, "stop");
        }
        expireLease(old.entryId());
        Claim takeover;
        try (Connection c = ds.getConnection()) {
            takeover = queue.claimAbandonedAborts(c, "exec-b", LONG_LEASE, 10).getFirst();
        }

        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-a", old)).isEmpty();
            assertThat(queue.renewIfHeld(c, "exec-a", List.of(old), LONG_LEASE)).isEmpty();
            assertThat(queue.deleteIfHeld(c, "exec-a", old)).isFalse();
            assertThat(queue.lockIfHeld(c, "exec-b", takeover)).contains(EntryStatus.ABORTED);
            assertThat(queue.deleteIfHeld(c, "exec-b", takeover)).isTrue();
        }
        assertThat(entryExists(old.entryId())).isFalse();
    }

    /** An executor restarted under the same id takes over its own abandoned abort: only the token tells them apart. */
    @Test
    void shouldFenceTheEarlierClaimWhenTheSameExecutorIdTakesOverItsAbandonedAbort() throws SQLException {
        List<Long> actions = enqueue(1);
        Claim before = claim("exec-a", LONG_LEASE, 1).getFirst();
        try (Connection c = ds.getConnection()) {
            queue.abortEntries(c, actions, "stop");
        }
        expireLease(before.entryId());
        Claim after;
        try (Connection c = ds.getConnection()) {
            after = queue.claimAbandonedAborts(c, "exec-a", LONG_LEASE, 10).getFirst();
        }

        assertThat(after.leaseToken()).isGreaterThan(before.leaseToken());
        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-a", before)).isEmpty();
            assertThat(queue.renewIfHeld(c, "exec-a", List.of(before), LONG_LEASE)).isEmpty();
            assertThat(queue.deleteIfHeld(c, "exec-a", before)).isFalse();
            assertThat(queue.lockIfHeld(c, "exec-a", after)).contains(EntryStatus.ABORTED);
        }
        assertThat(entryExists(before.entryId())).isTrue();
    }

    @Test
    void shouldNeverClaimAPendingEntryWhenClaimingAbandonedAborts() throws SQLException {
        enqueue(2);
        Claim expired = claim("exec-a", LONG_LEASE, 1).getFirst();
        expireLease(expired.entryId());

        try (Connection c = ds.getConnection()) {
            assertThat(queue.claimAbandonedAborts(c, "exec-b", LONG_LEASE, 10)).isEmpty();
        }
        assertThat(claim("exec-b", LONG_LEASE, 10)).as("both stay claimable as work").hasSize(2);
    }

    /** Documents the behaviour: an expired lease nobody took over yet is still the holder's, renewals revive it. */
    @Test
    void shouldRenewAnExpiredLeaseWhenNoOtherExecutorTookItOver() throws SQLException {
        enqueue(1);
        Claim held = claim("exec-a", LONG_LEASE, 1).getFirst();
        expireLease(held.entryId());
        assertThat(leaseExpired(held.entryId())).isTrue();

        try (Connection c = ds.getConnection()) {
            assertThat(queue.renewIfHeld(c, "exec-a", List.of(held), LONG_LEASE))
                    .containsExactly(new Lease(held.entryId(), false));
        }

        assertThat(leaseExpired(held.entryId())).isFalse();
        assertThat(claim("exec-b", LONG_LEASE, 10)).as("a renewed lease is live again").isEmpty();
        try (Connection c = ds.getConnection()) {
            assertThat(queue.lockIfHeld(c, "exec-a", held)).contains(EntryStatus.PENDING);
        }
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

    /** Moves the entry's lease into the past, as if its holder had stopped renewing it. */
    private void expireLease(long entryId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE queued_actions SET lease_expires_at = now() - interval '1 second' WHERE id = ?")) {
            ps.setLong(1, entryId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private String holderOf(long entryId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT claimed_by FROM queued_actions WHERE id = ?")) {
            ps.setLong(1, entryId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry %s exists", entryId).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long entryOf(long actionId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM queued_actions WHERE action_id = ?")) {
            ps.setLong(1, actionId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("entry of action %s exists", actionId).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private boolean entryExists(long entryId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM queued_actions WHERE id = ?")) {
            ps.setLong(1, entryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
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

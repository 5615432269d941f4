package io.flyteservices.feed;

import io.flyteservices.feed.ChangeFixtures.OpenTransaction;
import io.flyteservices.store.ChangeStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.flyteservices.feed.ChangeFixtures.insertCommitted;
import static io.flyteservices.feed.ChangeFixtures.uniqueRunId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The xid horizon algorithm on a real PostgreSQL: transactions that commit out of seq order, repeats while an
 * older transaction is open, and capped reads. Each test keeps to its own run ids; other rows may appear.
 */
class ChangeReaderTest {

    @Test
    void shouldDeliverEachChangeOnceWhenTransactionsCommitOutOfSeqOrder() {
        ChangeReader reader = begun(1000);
        long run = uniqueRunId();

        try (OpenTransaction t1 = ChangeFixtures.open()) {
            long first = t1.insert(run);            // T1 takes the lower seq...
            long second = insertCommitted(run);     // ...T2 takes the next one and commits first
            assertThat(first).isLessThan(second);

            assertThat(seqs(readOnce(reader), run)).containsExactly(second);

            t1.commit();
            assertThat(seqs(readOnce(reader), run)).containsExactly(first);
            assertThat(seqs(readOnce(reader), run)).isEmpty();
        }
    }

    @Test
    void shouldDropRepeatsWhenAnOlderTransactionHoldsTheHorizon() {
        ChangeReader reader = begun(1000);
        long held = uniqueRunId();
        long run = uniqueRunId();

        try (OpenTransaction t0 = ChangeFixtures.open()) {
            long heldSeq = t0.insert(held);
            long seq = insertCommitted(run);
            assertThat(seqs(readOnce(reader), run)).containsExactly(seq);

            ChangeReader.Page again = reader.read();
            reader.markDelivered(again);

            // The row comes back (its xid is above the horizon T0 holds) but is not delivered twice.
            assertThat(again.rowsRead()).isPositive();
            assertThat(seqs(again.changes(), run)).isEmpty();
            assertThat(Long.parseUnsignedLong(reader.horizon())).isLessThanOrEqualTo(t0.xid());
            assertThat(reader.remembered()).isPositive();

            t0.commit();
            List<Change> afterCommit = readOnce(reader);
            assertThat(seqs(afterCommit, held)).containsExactly(heldSeq);
            assertThat(seqs(afterCommit, run)).isEmpty();
        }
    }

    @Test
    void shouldForgetDeliveredSeqsWhenTheHorizonPassesThem() {
        ChangeReader reader = begun(1000);
        long run = uniqueRunId();
        insertCommitted(run);
        insertCommitted(run);

        readOnce(reader);
        readOnce(reader);

        // Nothing was open, so the horizon moved past both rows and nothing needs remembering for them.
        assertThat(reader.remembered()).isZero();
    }

    @Test
    void shouldKeepTheHorizonWhenACappedReadComesBackFull() {
        ChangeReader reader = begun(2);
        String start = reader.horizon();
        long run = uniqueRunId();
        for (int i = 0; i < 5; i++) {
            insertCommitted(run);
        }

        ChangeReader.Page page = reader.read();
        reader.markDelivered(page);

        assertThat(page.more()).isTrue();
        assertThat(reader.horizon()).isEqualTo(start);
    }

    @Test
    void shouldNotSkipRowsWhenReadsAreCappedAndAnEarlySeqCommitsMidPass() {
        ChangeReader reader = begun(2);
        long run = uniqueRunId();
        List<Long> expected = new ArrayList<>();
        List<Change> delivered = new ArrayList<>();

        try (OpenTransaction t1 = ChangeFixtures.open()) {
            expected.add(t1.insert(run));  // the lowest seq, committed only after the first page was read
            for (int i = 0; i < 9; i++) {
                expected.add(insertCommitted(run));
            }
            ChangeReader.Page first = reader.read();
            reader.markDelivered(first);
            delivered.addAll(first.changes());
            assertThat(first.more()).isTrue();

            t1.commit();
            delivered.addAll(readUntilQuiet(reader));
        }

        // Exactly once each: no repeats across pages and passes, and the early seq was not skipped.
        assertThat(seqs(delivered, run)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldDeliverInSeqOrderWhenAPassSpansSeveralPages() {
        ChangeReader reader = begun(3);
        long run = uniqueRunId();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(insertCommitted(run));
        }

        List<Change> delivered = readUntilQuiet(reader);

        assertThat(seqs(delivered, run)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldNotDeliverChangesCommittedBeforeBegin() {
        long run = uniqueRunId();
        insertCommitted(run);
        ChangeReader reader = begun(1000);

        assertThat(seqs(readUntilQuiet(reader), run)).isEmpty();
    }

    @Test
    void shouldHaveTheXidIndexWhenMigrated() throws SQLException {
        try (Connection c = ChangeFixtures.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT indexdef FROM pg_indexes WHERE tablename = 'changes' AND indexname = 'changes_xid_idx'");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("changes_xid_idx (V5)").isTrue();
            assertThat(rs.getString(1)).contains("(xid)");
        }
    }

    private static ChangeReader begun(int batchSize) {
        ChangeReader reader = new ChangeReader(ChangeFixtures.db(), new ChangeStore(), batchSize);
        reader.begin();
        return reader;
    }

    /** One page, recorded as delivered. */
    private static List<Change> readOnce(ChangeReader reader) {
        ChangeReader.Page page = reader.read();
        reader.markDelivered(page);
        return page.changes();
    }

    /** Pages until a read finds nothing new and completes its pass, as the feed does. */
    private static List<Change> readUntilQuiet(ChangeReader reader) {
        List<Change> all = new ArrayList<>();
        for (int reads = 0; reads < 100; reads++) {
            ChangeReader.Page page = reader.read();
            reader.markDelivered(page);
            all.addAll(page.changes());
            if (page.changes().isEmpty() && !page.more()) {
                return all;
            }
        }
        throw new AssertionError("reader did not go quiet within 100 reads");
    }

    private static List<Long> seqs(List<Change> changes, long... runs) {
        Set<Long> wanted = new HashSet<>();
        for (long r : runs) {
            wanted.add(r);
        }
        return changes.stream().filter(c -> wanted.contains(c.runId())).map(Change::seq).toList();
    }
}

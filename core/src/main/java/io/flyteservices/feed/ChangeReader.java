package io.flyteservices.feed;

import io.flyteservices.store.ChangeStore;
import io.flyteservices.store.ChangeStore.ChangeRow;
import io.flyteservices.store.ChangeStore.ChangeSlice;
import io.flyteservices.store.Db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads committed rows of {@code changes} without holes, by transaction id rather than by seq.
 *
 * <p><b>Why not a seq cursor.</b> A row's seq is taken when it is inserted, before its transaction commits, so
 * transactions become visible out of seq order: a reader that sees seq 102 may not yet see 101, and a cursor
 * moved to 102 would skip 101 forever (DESIGN §4).
 *
 * <p><b>The xid horizon.</b> The reader keeps {@code horizon}, the {@code xmin} of the snapshot of its previous
 * read ({@code pg_snapshot_xmin(pg_current_snapshot())}): every transaction with a lower xid had finished by then,
 * so its rows were visible to that read. Every transaction that commits after that read had, at that read, either
 * an xid {@code >= xmin} (it was in flight) or no xid yet, and then gets one {@code >= xmax >= xmin}. So a read of
 * every row with {@code xid >= horizon} cannot miss a change that committed since. Each read is one statement (so
 * one snapshot) that returns both that snapshot's xmin and the rows; afterwards the horizon becomes that xmin.
 * Rows of transactions that committed while an older one was still open come back in later reads too: they are
 * dropped by a set of delivered seqs, which holds only rows whose xid is at or above the horizon (anything below
 * can never be returned again) and is pruned whenever the horizon advances.
 *
 * <p><b>Starting.</b> {@link #begin()} sets the horizon from a snapshot taken at start, so changes committed
 * before the start are not delivered (streams begin with a snapshot of their own); a few committed just before
 * may be, which at-least-once allows.
 *
 * <p><b>Capped reads.</b> A read takes at most {@code batchSize} rows in seq order. When a read comes back full,
 * rows beyond it were not seen, so the horizon must not move: the reader stays on the same horizon and continues
 * after the last seq read (a "pass" of several pages). Only when a page returns fewer rows than the cap is the
 * pass complete, and the horizon then becomes the xmin of the pass's <em>first</em> page: a transaction that
 * commits during the pass, with a seq in a page already read, has an xid at or above that xmin and is read by
 * the next pass. (The xmin of a later page could already be above it and would skip it.)
 *
 * <p><b>Cost.</b> A long-open transaction anywhere on the server holds the horizon at its xid: until it ends,
 * every read returns again every change since then (and the delivered set keeps them), deduplicated but not
 * free. Reads are served by {@code changes_xid_idx} (V5).
 *
 * <p><b>Delivery.</b> {@link #read()} does not change the reader's state; {@link #markDelivered(Page)} does,
 * once the sink has taken the page. A page the sink threw on is simply read again. Not thread-safe: the feed's
 * thread owns it.
 */
final class ChangeReader {

    private final Db db;
    private final ChangeStore store;
    private final int batchSize;

    /** Every change with a lower xid has been delivered (or committed before {@link #begin()}). */
    private String horizon;
    private long horizonXid;
    /** Seq to xid of delivered rows with {@code xid >= horizon}: the only rows a read can return again. */
    private final Map<Long, Long> delivered = new HashMap<>();
    /** Within an unfinished pass: the last seq read and the xmin of the pass's first page. */
    private long passAfterSeq = Long.MIN_VALUE;
    private String passXmin;

    ChangeReader(Db db, ChangeStore store, int batchSize) {
        this.db = Objects.requireNonNull(db, "db");
        this.store = Objects.requireNonNull(store, "store");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Takes the horizon from a snapshot taken now; forgets anything read before. */
    void begin() {
        String xmin = db.read("reading the change feed's start horizon", store::snapshotXmin);
        setHorizon(xmin);
        delivered.clear();
        passAfterSeq = Long.MIN_VALUE;
        passXmin = null;
    }

    boolean begun() {
        return horizon != null;
    }

    /** The current horizon (xid8 text): every change below it has been delivered. */
    String horizon() {
        return horizon;
    }

    /** The number of delivered seqs kept for deduplication. */
    int remembered() {
        return delivered.size();
    }

    /** One read: the changes not yet delivered, in seq order. Changes nothing until {@link #markDelivered}. */
    Page read() {
        if (horizon == null) {
            throw new IllegalStateException("change reader not begun");
        }
        ChangeSlice slice = db.read("reading changes",
                c -> store.readFromHorizon(c, horizon, passAfterSeq, batchSize));
        List<Change> fresh = new ArrayList<>();
        Map<Long, Long> freshXids = new HashMap<>();
        for (ChangeRow row : slice.rows()) {
            if (!delivered.containsKey(row.seq())) {
                fresh.add(toChange(row));
                freshXids.put(row.seq(), row.xid());
            }
        }
        boolean full = slice.rows().size() >= batchSize;
        long lastSeq = slice.rows().isEmpty() ? passAfterSeq : slice.rows().getLast().seq();
        return new Page(List.copyOf(fresh), slice.rows().size(), full, lastSeq,
                passXmin != null ? passXmin : slice.xmin(), Map.copyOf(freshXids));
    }

    /** Records a page as delivered: remembers its rows and moves along the pass or advances the horizon. */
    void markDelivered(Page page) {
        delivered.putAll(page.freshXids());
        if (page.more()) {
            passAfterSeq = page.lastSeq();
            passXmin = page.passXmin();
            return;
        }
        setHorizon(page.passXmin());
        passAfterSeq = Long.MIN_VALUE;
        passXmin = null;
        delivered.values().removeIf(xid -> Long.compareUnsigned(xid, horizonXid) < 0);
    }

    private void setHorizon(String xmin) {
        horizon = Objects.requireNonNull(xmin, "xmin");
        horizonXid = Long.parseUnsignedLong(xmin);
    }

    private static Change toChange(ChangeRow row) {
        return new Change(row.seq(), Entity.of(row.entity()), row.runId(), row.actionId(), row.changedAt());
    }

    /**
     * What one read found.
     *
     * @param changes   rows not delivered before, in seq order
     * @param rowsRead  all rows the statement returned, repeats included
     * @param more      the read was full: the pass continues after {@code lastSeq} on the same horizon
     * @param lastSeq   the highest seq read
     * @param passXmin  the horizon once the pass completes: the xmin of the pass's first page
     * @param freshXids seq to xid of {@code changes}
     */
    record Page(List<Change> changes, int rowsRead, boolean more, long lastSeq, String passXmin,
                Map<Long, Long> freshXids) {
    }
}

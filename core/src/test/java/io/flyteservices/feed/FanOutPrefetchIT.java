package io.flyteservices.feed;

import io.flyteservices.store.ActionStore;
import io.flyteservices.store.AttemptStore;
import io.flyteservices.store.Db;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out reads what the subscriptions of a batch announce before delivering it, so a subscription finds its
 * reads done: the feed's thread waits for one round of parallel reads, not one round trip per run and action.
 */
class FanOutPrefetchIT {

    @Test
    void shouldReadWhatSubscriptionsPlanBeforeDeliveringTheBatch() {
        AtomicInteger connections = new AtomicInteger();
        FanOut fanOut = new FanOut(new Db(counting(ChangeFixtures.dataSource(), connections)), null,
                new ActionStore(), new AttemptStore());
        long runA = ChangeFixtures.uniqueRunId();
        long runB = ChangeFixtures.uniqueRunId();
        List<Integer> connectionsDuringDelivery = new ArrayList<>();
        List<Integer> connectionsAtDelivery = new ArrayList<>();
        for (long run : List.of(runA, runB)) {
            fanOut.subscribe(new Subscription() {
                @Override
                public long runId() {
                    return run;
                }

                @Override
                public void plan(List<Change> changes, BatchView.Plan plan) {
                    plan.actionsOfRun(run);
                    changes.forEach(c -> plan.attempts(c.actionId()));
                }

                @Override
                public void onChanges(List<Change> changes, BatchView view) {
                    int before = connections.get();
                    connectionsAtDelivery.add(before);
                    assertThat(view.actionsOfRun(run)).isEmpty();
                    changes.forEach(c -> assertThat(view.attempts(c.actionId())).isEmpty());
                    connectionsDuringDelivery.add(connections.get() - before);
                }
            });
        }

        fanOut.accept(List.of(change(1, runA, 11), change(2, runA, 12), change(3, runB, 21)));

        // Two runs and three actions: five reads, all made before the first subscription was called.
        assertThat(connectionsAtDelivery).containsOnly(5);
        assertThat(connectionsDuringDelivery).containsOnly(0);
    }

    @Test
    void shouldStillReadWhatNoSubscriptionPlanned() {
        AtomicInteger connections = new AtomicInteger();
        FanOut fanOut = new FanOut(new Db(counting(ChangeFixtures.dataSource(), connections)), null,
                new ActionStore(), new AttemptStore());
        long run = ChangeFixtures.uniqueRunId();
        List<Integer> reads = new ArrayList<>();
        fanOut.subscribe(new Subscription() {
            @Override
            public long runId() {
                return run;
            }

            @Override
            public void onChanges(List<Change> changes, BatchView view) {
                int before = connections.get();
                assertThat(view.actionsOfRun(run)).isEmpty();
                reads.add(connections.get() - before);
            }
        });

        fanOut.accept(List.of(change(1, run, 31)));

        assertThat(reads).containsExactly(1);
    }

    @Test
    void shouldComputeASharedValueOncePerView() {
        BatchView view = new BatchView(null, null, null, null);
        AtomicInteger computed = new AtomicInteger();

        Object first = view.shared("tree-of-run-1", () -> "tree " + computed.incrementAndGet());
        Object second = view.shared("tree-of-run-1", () -> "tree " + computed.incrementAndGet());
        Object other = view.shared("tree-of-run-2", () -> "tree " + computed.incrementAndGet());

        assertThat(first).isEqualTo("tree 1").isSameAs(second);
        assertThat(other).isEqualTo("tree 2");
    }

    private static Change change(long seq, long runId, long actionId) {
        return new Change(seq, Entity.ACTION, runId, actionId, Instant.now());
    }

    /** A data source that counts the connections taken from it. */
    private static DataSource counting(DataSource target, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package io.flyteservices.store;

import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor registry on a real PostgreSQL. Tests share the database, so each uses executor ids of its own and
 * looks only at those.
 */
class ExecutorStoreTest {

    /** Longer than any real silence: only rows a test moved a century back are that silent. */
    private static final long FIFTY_YEARS_MILLIS = Duration.ofDays(50 * 365).toMillis();

    private final Db db = new Db(TestDatabase.get().dataSource());
    private final ExecutorStore executors = new ExecutorStore();

    @Test
    void shouldListARegisteredExecutorWithNothingRunningWhenRegistered() {
        String id = uniqueId();

        db.inTransaction("registering", c -> {
            executors.register(c, id, "host-a");
            return null;
        });

        ExecutorRow row = find(id).orElseThrow();
        assertThat(row.host()).isEqualTo("host-a");
        assertThat(row.running()).isZero();
        assertThat(row.startedAt()).isNotNull();
        assertThat(row.lastHeartbeat()).isEqualTo(row.startedAt());
    }

    @Test
    void shouldResetStartAndRunningWhenAnExecutorRegistersAgain() {
        String id = uniqueId();
        db.inTransaction("registering", c -> {
            executors.register(c, id, "host-a");
            return executors.heartbeat(c, id, 3);
        });
        moveBack(id, "started_at");
        moveBack(id, "last_heartbeat");
        ExecutorRow before = find(id).orElseThrow();
        assertThat(before.running()).isEqualTo(3);

        db.inTransaction("registering again", c -> {
            executors.register(c, id, "host-b");
            return null;
        });

        ExecutorRow after = find(id).orElseThrow();
        assertThat(after.host()).isEqualTo("host-b");
        assertThat(after.running()).isZero();
        assertThat(after.startedAt()).isAfter(before.startedAt());
        assertThat(after.lastHeartbeat()).isAfter(before.lastHeartbeat());
        assertThat(all()).filteredOn(r -> r.id().equals(id)).hasSize(1);
    }

    @Test
    void shouldRecordRunningAndRefreshTheHeartbeatWhenAHeartbeatArrives() {
        String id = uniqueId();
        db.inTransaction("registering", c -> {
            executors.register(c, id, "host-a");
            return null;
        });
        moveBack(id, "last_heartbeat");
        ExecutorRow before = find(id).orElseThrow();

        boolean known = db.inTransaction("heartbeat", c -> executors.heartbeat(c, id, 5));

        assertThat(known).isTrue();
        ExecutorRow after = find(id).orElseThrow();
        assertThat(after.running()).isEqualTo(5);
        assertThat(after.lastHeartbeat()).isAfter(before.lastHeartbeat());
        assertThat(after.startedAt()).isEqualTo(before.startedAt());
    }

    @Test
    void shouldReturnFalseAndRegisterNothingWhenTheHeartbeatIsFromAnUnknownExecutor() {
        String id = uniqueId();

        boolean known = db.inTransaction("heartbeat", c -> executors.heartbeat(c, id, 2));

        assertThat(known).isFalse();
        assertThat(find(id)).isEmpty();
    }

    @Test
    void shouldRemoveOnlyThatExecutorWhenDeregistered() {
        String gone = uniqueId();
        String stays = uniqueId();
        db.inTransaction("registering", c -> {
            executors.register(c, gone, "host-a");
            executors.register(c, stays, "host-a");
            return null;
        });

        db.inTransaction("deregistering", c -> {
            executors.deregister(c, gone);
            return null;
        });

        assertThat(find(gone)).isEmpty();
        assertThat(find(stays)).isPresent();
        boolean known = db.inTransaction("heartbeat", c -> executors.heartbeat(c, gone, 0));
        assertThat(known).as("a deregistered executor must register again").isFalse();
    }

    @Test
    void shouldDeleteOnlySilentExecutorsWhenDeletingSilentOnes() {
        String silent = uniqueId();
        String alive = uniqueId();
        db.inTransaction("registering", c -> {
            executors.register(c, silent, "host-a");
            executors.register(c, alive, "host-b");
            return null;
        });
        setLastHeartbeat(silent, "now() - interval '100 years'");

        int deleted = db.inTransaction("deleting silent executors",
                c -> executors.deleteSilent(c, FIFTY_YEARS_MILLIS));

        assertThat(deleted).isEqualTo(1);
        assertThat(find(silent)).isEmpty();
        assertThat(find(alive)).isPresent();
        boolean known = db.inTransaction("heartbeat", c -> executors.heartbeat(c, silent, 0));
        assertThat(known).as("a removed executor must register again").isFalse();
    }

    @Test
    void shouldKeepAnExecutorWhenItsSilenceIsShorterThanTheLimit() {
        String quiet = uniqueId();
        db.inTransaction("registering", c -> {
            executors.register(c, quiet, "host-a");
            return null;
        });
        setLastHeartbeat(quiet, "now() - interval '10 seconds'");

        db.inTransaction("deleting silent executors", c -> executors.deleteSilent(c, 60_000));

        assertThat(find(quiet)).isPresent();
    }

    @Test
    void shouldListExecutorsOldestFirstThenByIdWhenListingAll() {
        String b = uniqueId() + "-b";
        String a = b.substring(0, b.length() - 2) + "-a";
        String oldest = uniqueId() + "-z";
        db.inTransaction("registering", c -> {
            executors.register(c, b, "host");
            executors.register(c, a, "host");
            executors.register(c, oldest, "host");
            return null;
        });
        moveBack(oldest, "started_at");

        List<String> mine = all().stream().map(ExecutorRow::id)
                .filter(id -> id.equals(a) || id.equals(b) || id.equals(oldest)).toList();

        assertThat(mine).as("same start: by id; earlier start first").containsExactly(oldest, a, b);
    }

    private static String uniqueId() {
        return "exec-" + Fixtures.uniqueProject();
    }

    private List<ExecutorRow> all() {
        return db.read("listing executors", executors::all);
    }

    private Optional<ExecutorRow> find(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Moves a timestamp column of the executor an hour back, so that the next write is observably later. */
    private void moveBack(String id, String column) {
        int updated = db.inTransaction("moving a timestamp back", c -> update(c,
                "UPDATE executors SET " + column + " = " + column + " - interval '1 hour' WHERE id = ?", id));
        assertThat(updated).isEqualTo(1);
    }

    private void setLastHeartbeat(String id, String expression) {
        int updated = db.inTransaction("making an executor silent", c -> update(c,
                "UPDATE executors SET last_heartbeat = " + expression + " WHERE id = ?", id));
        assertThat(updated).isEqualTo(1);
    }

    private static int update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }
}

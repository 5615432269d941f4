package io.flyteservices.functions.badinput;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.zaxxer.hikari.HikariDataSource;
import io.flyteservices.testkit.DatabaseState;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every unary RPC of QueueService and RunService, sent valid and mutated requests over gRPC, Connect JSON and
 * Connect binary against a real server and PostgreSQL. Each answer must be a code BEHAVIOR.md documents for the
 * RPC (never INTERNAL or UNKNOWN), the same over every protocol, and a rejected request must leave the database
 * as it was. Properties run one after another: the database fingerprint is global to this JVM. Tries per
 * property: {@code -Dbadinput.tries} (functions/pom.xml), as jqwik's {@code jqwik.tries.default}.
 *
 * <p>No shrinking: jqwik's bounded shrinking goes on in the background past its time limit, and its calls would
 * change the database under the next property's fingerprints. The failing sample is reported as generated.
 */
@PropertyDefaults(shrinking = ShrinkingMode.OFF)
class UnaryBadInputIT {

    private static final Path CASES = Path.of("target", "bad-input", "unary-cases.csv");

    private static TestServer server;
    private static FixtureWorld world;
    private static UnaryCaller caller;
    private static HikariDataSource db;
    private static final CaseTally TALLY = new CaseTally();

    @BeforeContainer
    static void start() {
        // Long runs create many runs; the queue bound is not what this suite is about.
        server = TestServer.start(Map.of("queue.max-queue-size", 10_000_000));
        world = new FixtureWorld(server);
        caller = new UnaryCaller(server.channel(), server.httpBase());
        // Two fingerprints per call: a pooled connection, not a new login (SCRAM) each time.
        db = new HikariDataSource();
        db.setJdbcUrl(TestDatabase.get().jdbcUrl());
        db.setMaximumPoolSize(1);
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        TALLY.write(CASES);
        db.close();
        server.close();
    }

    @Property
    void enqueueAction(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.ENQUEUE_ACTION, mutations);
    }

    @Property
    void abortQueuedRun(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.ABORT_QUEUED_RUN, mutations);
    }

    @Property
    void abortQueuedAction(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.ABORT_QUEUED_ACTION, mutations);
    }

    @Property
    void createRun(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.CREATE_RUN, mutations);
    }

    @Property
    void abortRun(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.ABORT_RUN, mutations);
    }

    @Property
    void abortAction(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.ABORT_ACTION, mutations);
    }

    @Property
    void getRunDetails(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.GET_RUN_DETAILS, mutations);
    }

    @Property
    void getActionDetails(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.GET_ACTION_DETAILS, mutations);
    }

    @Property
    void getActionData(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.GET_ACTION_DATA, mutations);
    }

    @Property
    void listRuns(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.LIST_RUNS, mutations);
    }

    @Property
    void listActions(@ForAll("mutations") List<Mutation> mutations) {
        check(UnaryRpcs.LIST_ACTIONS, mutations);
    }

    /** No mutation (the valid request) up to four; sites and variants are resolved against the request. */
    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 1 << 20);
        return index.tuple2().map(t -> new Mutation(t.get1(), t.get2())).list().ofMaxSize(4);
    }

    /**
     * Each protocol gets its own valid request (fresh names, so each could succeed) with the same mutations. After
     * an accepted request a later protocol may find what the first created ({@code ALREADY_EXISTS}); otherwise
     * the codes must agree.
     */
    private static void check(UnaryRpc rpc, List<Mutation> mutations) {
        CallOutcome first = null;
        for (Protocol protocol : Protocol.values()) {
            Message request = RequestMutator.apply(rpc.validRequest().apply(world), mutations);
            DatabaseState before = DatabaseState.capture(db);
            Optional<CallOutcome> sent = caller.call(protocol, rpc, request);
            if (sent.isEmpty()) {
                continue;
            }
            CallOutcome outcome = sent.get();
            TALLY.record(rpc, protocol, outcome);
            // Described only on failure: printing a request with huge fields costs more than sending it.
            Supplier<String> what = () -> rpc + " over " + protocol.label() + " of " + summary(request) + ": "
                    + outcome;

            assertThat(rpc.documented()).as(() -> "code of " + what.get()).contains(outcome.code());
            if (mutations.isEmpty()) {
                assertThat(outcome.accepted()).as(() -> "valid " + what.get()).isTrue();
            }
            if (!outcome.accepted()) {
                assertThat(DatabaseState.capture(db)).as(() -> "database after rejected " + what.get())
                        .isEqualTo(before);
            }
            if (first == null) {
                first = outcome;
            } else if (!(first.accepted() && rpc.creates() && outcome.code() == Status.Code.ALREADY_EXISTS)) {
                CallOutcome reference = first;
                assertThat(outcome.code()).as(() -> what.get() + ", first protocol answered " + reference)
                        .isEqualTo(first.code());
            }
        }
    }

    private static String summary(Message request) {
        String text = TextFormat.shortDebugString(request);
        return text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }
}

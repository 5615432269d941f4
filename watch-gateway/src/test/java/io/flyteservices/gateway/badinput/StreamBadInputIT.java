package io.flyteservices.gateway.badinput;

import com.google.protobuf.Message;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.ClusterIdentifier;
import flyteidl2.common.Filter;
import flyteidl2.common.ProjectIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.TaskIdentifier;
import flyteidl2.workflow.GetRequest;
import flyteidl2.workflow.PutRequest;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.WatchActionDetailsRequest;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchClusterEventsRequest;
import flyteidl2.workflow.WatchClusterEventsResponse;
import flyteidl2.workflow.WatchRequest;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunsRequest;
import io.flyteservices.testkit.Frames;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad messages for the streaming RPCs and StateService (issue "Reliability and security", item 2): missing ids,
 * huge strings, unknown enum numbers, invalid filters and targets for every Watch over gRPC, Connect streaming and
 * gRPC-Web; bad and missing-action Puts and Gets over gRPC bidirectional streams and Connect unary. Only documented
 * codes (BEHAVIOR.md) may come back, a rejected message changes nothing, and a bad message never ends a Put/Get
 * stream.
 */
class StreamBadInputIT {

    /** What BEHAVIOR.md documents for bad requests to these RPCs (plus OK and the test's own deadline). */
    private static final List<String> DOCUMENTED = List.of("ok", "invalid_argument", "not_found",
            "resource_exhausted", "deadline_exceeded");

    private static final Ledger LEDGER = new Ledger("streams-and-state");
    private static BadInputServer s;

    @BeforeContainer
    static void start() {
        s = BadInputServer.start();
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        LEDGER.write();
        if (s != null) {
            s.close();
        }
    }

    @Property
    void watchRequests(@ForAll("watchCases") Tuple.Tuple2<MethodDescriptor<?, ?>, Message> c,
                       @ForAll("streamProtocols") String protocol) {
        MethodDescriptor<?, ?> method = c.get1();
        boolean json = protocol.endsWith("json");
        Outcome[] seen = new Outcome[1];
        s.check(LEDGER, BadInputServer.rpc(method), protocol, abbreviated(c.get2()), () -> {
            byte[] payload = BadInputServer.encode(c.get2(), json);
            seen[0] = switch (protocol) {
                case "grpc" -> s.grpcRaw(method, List.of(payload));
                case "grpc-web" -> s.grpcWeb(method, false, Frames.frame(0, payload), Map.of());
                default -> s.connect(method, json, Frames.frame(0, payload), Map.of());
            };
            return seen[0];
        });
        assertThat(seen[0].code()).as("%s over %s: %s", BadInputServer.rpc(method), protocol, seen[0])
                .isIn(DOCUMENTED);
    }

    @Provide
    Arbitrary<String> streamProtocols() {
        return Arbitraries.of("grpc", "connect-stream-json", "connect-stream-proto", "grpc-web");
    }

    @Provide
    Arbitrary<Tuple.Tuple2<MethodDescriptor<?, ?>, Message>> watchCases() {
        return Arbitraries.oneOf(
                runId().map(id -> watch(RunServiceGrpc.getWatchRunDetailsMethod(),
                        id.map(r -> WatchRunDetailsRequest.newBuilder().setRunId(r).build())
                                .orElse(WatchRunDetailsRequest.getDefaultInstance()))),
                actionId().map(id -> watch(RunServiceGrpc.getWatchActionDetailsMethod(),
                        id.map(a -> WatchActionDetailsRequest.newBuilder().setActionId(a).build())
                                .orElse(WatchActionDetailsRequest.getDefaultInstance()))),
                Combinators.combine(actionId(), Arbitraries.of(0, 1, 2, 7, Integer.MAX_VALUE, -1))
                        .as((id, attempt) -> {
                            WatchClusterEventsRequest.Builder b = WatchClusterEventsRequest.newBuilder()
                                    .setAttempt(attempt);
                            id.ifPresent(b::setId);
                            return watch(RunServiceGrpc.getWatchClusterEventsMethod(), b.build());
                        }),
                Combinators.combine(runId(), filter().list().ofMaxSize(3)).as((id, filters) -> {
                    WatchActionsRequest.Builder b = WatchActionsRequest.newBuilder().addAllFilter(filters);
                    id.ifPresent(b::setRunId);
                    return watch(RunServiceGrpc.getWatchActionsMethod(), b.build());
                }),
                watchRunsRequest().map(r -> watch(RunServiceGrpc.getWatchRunsMethod(), r)),
                actionId().map(id -> watch(StateServiceGrpc.getWatchMethod(),
                        id.map(a -> WatchRequest.newBuilder().setParentActionId(a).build())
                                .orElse(WatchRequest.getDefaultInstance()))));
    }

    private static Tuple.Tuple2<MethodDescriptor<?, ?>, Message> watch(MethodDescriptor<?, ?> m, Message request) {
        return Tuple.of(m, request);
    }

    /** Empty, huge, random or plausible strings. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("a", "development", "a0", "PHASE_RUNNING"),
                Arbitraries.integers().between(64, 200_000).map("x"::repeat),
                Arbitraries.strings().ofMaxLength(40));
    }

    /** Absent, the finished run's, or one made of bad parts. */
    private static Arbitrary<Optional<RunIdentifier>> runId() {
        Arbitrary<RunIdentifier> made = Combinators.combine(text(), text(), text(), text())
                .as((org, project, domain, name) -> RunIdentifier.newBuilder().setOrg(org).setProject(project)
                        .setDomain(domain).setName(name).build());
        return Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Arbitraries.just(Optional.of(s.finished.getRun())), made.map(Optional::of),
                text().map(name -> Optional.of(s.finished.getRun().toBuilder().setName(name).build())));
    }

    private static Arbitrary<Optional<ActionIdentifier>> actionId() {
        return Combinators.combine(runId(), text()).as((run, name) -> run.map(r -> ActionIdentifier.newBuilder()
                .setRun(r).setName(name).build()));
    }

    /** Unknown function numbers, unknown fields, values that are no phase. */
    private static Arbitrary<Filter> filter() {
        return Combinators.combine(Arbitraries.integers().between(-3, 1_000),
                        Arbitraries.oneOf(Arbitraries.of("phase", "name", "PHASE", "created_at", ""), text()),
                        Arbitraries.oneOf(Arbitraries.of("PHASE_RUNNING", "999", "-1", "PHASE_NOPE", "4"), text())
                                .list().ofMaxSize(3))
                .as((function, field, values) -> Filter.newBuilder().setFunctionValue(function).setField(field)
                        .addAllValues(values).build());
    }

    private static Arbitrary<WatchRunsRequest> watchRunsRequest() {
        return Arbitraries.oneOf(
                Arbitraries.just(WatchRunsRequest.getDefaultInstance()),
                text().map(org -> WatchRunsRequest.newBuilder().setOrg(org).build()),
                Combinators.combine(text(), text()).as((org, name) -> WatchRunsRequest.newBuilder()
                        .setClusterId(ClusterIdentifier.newBuilder().setOrganization(org).setName(name)).build()),
                Combinators.combine(text(), text(), text()).as((org, domain, name) -> WatchRunsRequest.newBuilder()
                        .setProjectId(ProjectIdentifier.newBuilder().setOrganization(org).setDomain(domain)
                                .setName(name)).build()),
                Combinators.combine(text(), text(), text()).as((project, name, version) -> WatchRunsRequest
                        .newBuilder().setTaskId(TaskIdentifier.newBuilder().setProject(project).setName(name)
                                .setVersion(version)).build()));
    }

    /** Found by {@link #watchRequests}: this stream used to stay open forever, waiting for an attempt. */
    @Example
    void clusterEventsOfAnAttemptAFinishedActionNeverMadeEnd() {
        Iterator<WatchClusterEventsResponse> stream = RunServiceGrpc.newBlockingStub(s.server.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .watchClusterEvents(WatchClusterEventsRequest.newBuilder().setId(s.finished).setAttempt(1).build());
        List<WatchClusterEventsResponse> messages = new ArrayList<>();
        stream.forEachRemaining(messages::add);
        assertThat(messages).singleElement().satisfies(m -> assertThat(m.getClusterEventsList()).isEmpty());
    }

    /** Puts that must each be refused in band: a bad id or a bad state (never both right). */
    @Property
    void badPuts(@ForAll("badPutLists") List<PutRequest> puts, @ForAll("stateProtocols") String protocol) {
        if (protocol.equals("grpc-bidi")) {
            List<Integer> codes = new CopyOnWriteArrayList<>();
            s.check(LEDGER, "StateService/Put", protocol, puts.stream().map(StreamBadInputIT::abbreviated).toList(),
                    () -> bidi(StateServiceGrpc.getPutMethod(), puts, r -> codes.add(r.getStatus().getCode())));
            assertThat(codes).as("one in-band answer per Put, none OK").hasSize(puts.size())
                    .allSatisfy(code -> assertThat(Outcome.name(code)).isIn(DOCUMENTED).isNotEqualTo("ok"));
            return;
        }
        for (PutRequest put : puts) {
            connectUnary(StateServiceGrpc.getPutMethod(), put, protocol);
        }
    }

    @Property
    void badGets(@ForAll("badGetLists") List<GetRequest> gets, @ForAll("stateProtocols") String protocol) {
        if (protocol.equals("grpc-bidi")) {
            List<Integer> codes = new CopyOnWriteArrayList<>();
            s.check(LEDGER, "StateService/Get", protocol, gets.stream().map(StreamBadInputIT::abbreviated).toList(),
                    () -> bidi(StateServiceGrpc.getGetMethod(), gets, r -> codes.add(r.getStatus().getCode())));
            assertThat(codes).as("one in-band answer per Get, none OK").hasSize(gets.size())
                    .allSatisfy(code -> assertThat(Outcome.name(code)).isIn(DOCUMENTED).isNotEqualTo("ok"));
            return;
        }
        for (GetRequest get : gets) {
            connectUnary(StateServiceGrpc.getGetMethod(), get, protocol);
        }
    }

    @Provide
    Arbitrary<String> stateProtocols() {
        return Arbitraries.of("grpc-bidi", "connect-json", "connect-proto");
    }

    @Provide
    Arbitrary<List<PutRequest>> badPutLists() {
        Arbitrary<String> badState = Arbitraries.oneOf(
                Arbitraries.of("", " ", "[]", "1", "\"s\"", "null", "true", "{", "{\"a\":}", "{'a':1}", "[{}]",
                        "{\"phase\":", "{} {}", "\u0000"),
                Arbitraries.strings().ofMaxLength(60).filter(t -> !t.trim().startsWith("{")),
                Arbitraries.integers().between(BadInputServer.MAX_STATE_BYTES, 4 * BadInputServer.MAX_STATE_BYTES)
                        .map(n -> "{\"k\":\"" + "x".repeat(n) + "\"}"));
        Arbitrary<String> goodState = Arbitraries.of("{}", "{\"phase\":\"PHASE_RUNNING\"}", "{\"a\":[1,2]}");
        Arbitrary<PutRequest> badId = Combinators.combine(actionId(), goodState, badState, Arbitraries.of(true, false))
                .as((id, good, bad, useGood) -> put(id, useGood ? good : bad))
                .filter(p -> !p.getActionId().equals(s.finished));
        Arbitrary<PutRequest> badStateOnly = badState.map(state -> put(Optional.of(s.finished), state));
        return Arbitraries.oneOf(badId, badStateOnly).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<GetRequest>> badGetLists() {
        return actionId().map(id -> {
            GetRequest.Builder b = GetRequest.newBuilder();
            id.ifPresent(b::setActionId);
            return b.build();
        }).filter(g -> !g.getActionId().equals(s.finished)).list().ofMinSize(1).ofMaxSize(4);
    }

    private static PutRequest put(Optional<ActionIdentifier> id, String state) {
        PutRequest.Builder b = PutRequest.newBuilder().setState(state);
        id.ifPresent(b::setActionId);
        return b.build();
    }

    private static void connectUnary(MethodDescriptor<?, ?> method, Message request, String protocol) {
        boolean json = protocol.endsWith("json");
        Outcome[] seen = new Outcome[1];
        s.check(LEDGER, BadInputServer.rpc(method), protocol, abbreviated(request), () -> {
            seen[0] = s.connect(method, json, BadInputServer.encode(request, json), Map.of());
            return seen[0];
        });
        assertThat(seen[0].code()).as("%s over %s: %s", BadInputServer.rpc(method), protocol, seen[0])
                .isIn(DOCUMENTED).isNotEqualTo("ok");
    }

    /**
     * Sends every request on one bidirectional stream, then half-closes: the stream must end OK after answering
     * them all (a bad message never ends it).
     */
    private static <Q, R> Outcome bidi(MethodDescriptor<Q, R> method, List<Q> requests,
                                       Consumer<R> onResponse) {
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<Q> out = ClientCalls.asyncBidiStreamingCall(
                s.server.channel().newCall(method, CallOptions.DEFAULT), new StreamObserver<R>() {
                    @Override
                    public void onNext(R value) {
                        onResponse.accept(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
        requests.forEach(out::onNext);
        out.onCompleted();
        try {
            Status status = end.get(RawHttp.HANG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(status.getCode()).as("end of the %s stream after bad messages: %s",
                    method.getBareMethodName(), status).isEqualTo(Status.Code.OK);
            // The stream ended OK; the in-band codes decide, checked by the caller: reject for the ledger.
            return new Outcome("invalid_argument", false, "in band");
        } catch (TimeoutException e) {
            throw new AssertionError("no end within " + RawHttp.HANG + " of a " + method.getBareMethodName()
                    + " stream", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Requests with 200 000-character strings are shown shortened. */
    private static String abbreviated(Object request) {
        String text = request.toString().replaceAll("x{20,}", "x...x");
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}

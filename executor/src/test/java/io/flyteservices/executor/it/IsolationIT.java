package io.flyteservices.executor.it;

import flyteidl2.common.EnrichedIdentity;
import flyteidl2.common.RunIdentifier;
import flyteidl2.task.RunSpec;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.ActionDetails;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.GetActionDetailsRequest;
import flyteidl2.workflow.ListActionsRequest;
import flyteidl2.workflow.ListRunsRequest;
import flyteidl2.workflow.Phase;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.Run;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.WatchRunsRequest;
import flyteidl2.workflow.WatchRunsResponse;
import io.flyteservices.cli.Cli;
import io.flyteservices.cli.Terminal;
import io.flyteservices.executor.it.ProtocolClient.Answer;
import io.flyteservices.executor.it.ProtocolClient.Protocol;
import io.flyteservices.executor.it.TenantRpcs.Rpc;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Authentication on (a shared HS256 key): two orgs, A and B, and a caller of A granted one project only. Over
 * native gRPC, Connect and gRPC-Web, every RPC and stream naming B's run is PERMISSION_DENIED for A's caller and
 * changes nothing; calls without a valid token are UNAUTHENTICATED; lists and watches show only what the caller
 * may see; principals are recorded as executed_by and aborted_by.
 */
class IsolationIT {

    private static final String SECRET = "isolation-test-key-0123456789-abcdefghijklmnop";
    private static final String CLUSTER = "c1";
    private static final Duration CALL = Duration.ofSeconds(20);
    /** Long enough for a stream that is let through to deliver its first messages, then it ends. */
    private static final Duration STREAM = Duration.ofMillis(1500);
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static TestServer server;
    private static ProtocolClient client;
    private static String orgA;
    private static String orgB;
    private static String alice;
    private static String bob;
    private static String carol;
    private static RunIdentifier runB;
    private static RunIdentifier runA1;
    private static RunIdentifier runA2;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(
                "flyte.auth.enabled", "true",
                "flyte.auth.secret", SECRET,
                "executor.work-dir", Files.createTempDirectory("flyte-isolation").toString(),
                "executor.poll-interval", "200ms"));
        client = new ProtocolClient(server.channel(), server.httpBase());
        orgA = "org-a-" + Fixtures.uniqueProject();
        orgB = "org-b-" + Fixtures.uniqueProject();
        String projectA1 = Fixtures.uniqueProject();
        alice = token("alice", orgA, List.of());
        bob = token("bob", orgB, List.of());
        carol = token("carol", orgA, List.of(projectA1));
        runB = startSleeping(bob, orgB, Fixtures.uniqueProject());
        runA1 = startSleeping(alice, orgA, projectA1);
        runA2 = startSleeping(alice, orgA, Fixtures.uniqueProject());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            for (var run : new RunIdentifier[] {runB, runA1, runA2}) {
                if (run != null) {
                    abortQuietly(run.getOrg().equals(orgB) ? bob : alice, run);
                }
            }
            server.close();
        }
    }

    @Test
    void shouldCoverEveryMethodOfTheWorkflowServices() {
        assertThat(TenantRpcs.methodsOf(TenantRpcs.naming(runB, CLUSTER))).isEqualTo(TenantRpcs.allMethods());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRefuseEveryRpcNamingAnotherOrgAndChangeNothing(Protocol protocol) {
        Fingerprint before = Fingerprint.of(runB);

        for (Rpc<?> rpc : TenantRpcs.naming(runB, CLUSTER)) {
            Answer answer = rpc.call(client, protocol, alice, CALL);
            assertThat(rpc.outcome(answer)).as("%s over %s by org A naming org B: %s", rpc.name(), protocol, answer)
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            if (rpc.streams()) {
                assertThat(answer.messages()).as("%s delivered nothing", rpc.name()).isEmpty();
            }
        }

        assertThat(Fingerprint.of(runB)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRefuseCallsWithoutAValidTokenAsUnauthenticated(Protocol protocol) {
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put("no token", null);
        invalid.put("not a JWT", "not-a-jwt");
        invalid.put("signed with another key", Tokens.hs256(Tokens.claims("alice", orgA, List.of(),
                Duration.ofHours(1)), SECRET.replace('0', 'x')));
        invalid.put("expired", Tokens.hs256(Tokens.claims("alice", orgA, List.of(), Duration.ofHours(-1)), SECRET));

        for (Rpc<?> rpc : TenantRpcs.naming(runA1, CLUSTER)) {
            invalid.forEach((what, token) -> {
                Answer answer = rpc.call(client, protocol, token, CALL);
                assertThat(answer.code()).as("%s over %s with %s: %s", rpc.name(), protocol, what, answer)
                        .isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(answer.messages()).isEmpty();
            });
        }
        Answer orgless = client.call(protocol, RunServiceGrpc.getGetRunDetailsMethod(),
                flyteidl2.workflow.GetRunDetailsRequest.newBuilder().setRunId(runA1).build(),
                token("alice", null, List.of()), CALL);
        assertThat(orgless.code()).as("a valid token without an org claim").isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldLetTheOwnerMakeEveryRpc(Protocol protocol) {
        RunIdentifier own = startSleeping(alice, orgA, Fixtures.uniqueProject());
        List<Rpc<?>> rpcs = new ArrayList<>(TenantRpcs.naming(own, CLUSTER));
        // Reads and streams first, while the run is active; the aborts last.
        rpcs.sort((a, b) -> Boolean.compare(a.name().startsWith("Abort"), b.name().startsWith("Abort")));

        for (Rpc<?> rpc : rpcs) {
            Answer answer = rpc.call(client, protocol, alice, rpc.streams() ? STREAM : CALL);
            Status.Code code = rpc.outcome(answer);
            assertThat(code).as("%s over %s by the run's own org: %s", rpc.name(), protocol, answer)
                    .isNotIn(Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.INTERNAL,
                            Status.Code.UNKNOWN);
            if (rpc.streams()) {
                assertThat(answer.messages()).as("%s over %s delivered: %s", rpc.name(), protocol, answer)
                        .isNotEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldListAndWatchOnlyTheRunsTheCallerMaySee(Protocol protocol) {
        assertThat(listedRuns(protocol, alice, orgA)).contains(runA1, runA2).doesNotContain(runB)
                .allMatch(r -> r.getOrg().equals(orgA));
        assertThat(watchedRuns(protocol, alice, WatchRunsRequest.newBuilder().setOrg(orgA).build()))
                .contains(runA1, runA2).allMatch(r -> r.getOrg().equals(orgA));

        assertThat(listedRuns(protocol, carol, orgA)).contains(runA1).doesNotContain(runA2)
                .allMatch(r -> r.getProject().equals(runA1.getProject()));
        assertThat(watchedRuns(protocol, carol, WatchRunsRequest.newBuilder().setOrg(orgA).build()))
                .contains(runA1).doesNotContain(runA2);
        assertThat(watchedRuns(protocol, carol, WatchRunsRequest.newBuilder().setClusterId(
                flyteidl2.common.ClusterIdentifier.newBuilder().setOrganization(orgA).setName(CLUSTER)).build()))
                .contains(runA1).doesNotContain(runA2);

        for (Rpc<?> rpc : TenantRpcs.naming(runA2, CLUSTER)) {
            if (rpc.request() instanceof ListRunsRequest l && l.hasOrg()
                    || rpc.request() instanceof WatchRunsRequest w && (w.hasOrg() || w.hasClusterId())) {
                continue; // org-wide: allowed, narrowed to the caller's projects (above)
            }
            Answer answer = rpc.call(client, protocol, carol, CALL);
            assertThat(rpc.outcome(answer)).as("%s over %s naming a project outside the token's: %s", rpc.name(),
                    protocol, answer).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void shouldNeverStreamRunsOfProjectsOutsideTheCallersAsTheyAreCreated() {
        List<RunIdentifier> seen = new CopyOnWriteArrayList<>();
        Iterator<WatchRunsResponse> stream = runs(carol).withDeadlineAfter(WITHIN.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS).watchRuns(WatchRunsRequest.newBuilder().setOrg(orgA).build());
        stream.next(); // the snapshot: the stream is open from here on

        RunIdentifier hidden = startSleeping(alice, orgA, runA2.getProject());
        RunIdentifier shown = startSleeping(alice, orgA, runA1.getProject());

        while (!seen.contains(shown)) {
            stream.next().getRunsList().forEach(r -> seen.add(r.getAction().getId().getRun()));
        }
        assertThat(seen).doesNotContain(hidden).allMatch(r -> r.getProject().equals(runA1.getProject()));
        abortQuietly(alice, hidden);
        abortQuietly(alice, shown);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldRecordTheCallerAsExecutedByAndAbortedBy(Protocol protocol) {
        RunIdentifier run = RunIdentifier.newBuilder().setOrg(orgA).setProject(runA1.getProject())
                .setDomain("development").setName(Fixtures.uniqueRunName()).build();
        CreateRunRequest create = Fixtures.createRun(run).toBuilder()
                .setTaskSpec(Tasks.shell("sleep 300")).build();
        assertThat(client.call(protocol, RunServiceGrpc.getCreateRunMethod(), create, carol, CALL).code())
                .isEqualTo(Status.Code.OK);
        EnqueueActionRequest child = Fixtures.enqueue(run, "child", "a0").toBuilder().setSubject("mallory").build();
        assertThat(client.call(protocol, QueueServiceGrpc.getEnqueueActionMethod(), child, carol, CALL).code())
                .isEqualTo(Status.Code.OK);
        assertThat(client.call(protocol, RunServiceGrpc.getAbortRunMethod(),
                AbortRunRequest.newBuilder().setRunId(run).setReason("enough").build(), carol, CALL).code())
                .isEqualTo(Status.Code.OK);

        ActionDetails root = details(carol, Fixtures.actionId(run, "a0"));
        ActionDetails enqueued = details(carol, Fixtures.actionId(run, "child"));
        assertThat(principal(root.getMetadata().getExecutedBy())).isEqualTo("carol@" + orgA);
        assertThat(root.getMetadata().getExecutedBy().getUser().getSpec().getEmail()).isEqualTo("carol@example.com");
        assertThat(principal(enqueued.getMetadata().getExecutedBy())).as("the token's subject, not the request's")
                .isEqualTo("carol@" + orgA);
        assertThat(principal(root.getAbortInfo().getAbortedBy())).isEqualTo("carol@" + orgA);
    }

    @Test
    void shouldSendTheCommandLinesTokenFromItsOptionOrTheEnvironment() {
        String[] list = {"run", "list", "--org", orgA, "--project", runA1.getProject(), "--server",
                "127.0.0.1:" + server.grpcPort()};

        CliResult withOption = cli(Map.of(), concat(list, "--auth-token", alice));
        CliResult fromEnvironment = cli(Map.of("FLYTE_AUTH_TOKEN", carol), list);
        CliResult without = cli(Map.of(), list);
        CliResult foreign = cli(Map.of("FLYTE_AUTH_TOKEN", bob), list);

        assertThat(withOption.code()).as(withOption.err()).isZero();
        assertThat(withOption.out()).contains(runA1.getName());
        assertThat(fromEnvironment.code()).as(fromEnvironment.err()).isZero();
        assertThat(fromEnvironment.out()).contains(runA1.getName());
        assertThat(without.code()).isEqualTo(10 + Status.Code.UNAUTHENTICATED.value());
        assertThat(without.err()).contains("missing credentials");
        assertThat(foreign.code()).isEqualTo(10 + Status.Code.PERMISSION_DENIED.value());
    }

    @Test
    void shouldLeaveHealthOpenWithoutAToken() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThatThrownBy(() -> RunServiceGrpc.newBlockingStub(server.channel())
                .listRuns(ListRunsRequest.newBuilder().setOrg(orgA).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    /** What a refused call could have changed in a run: its root's phase, its abort, its actions and state. */
    private record Fingerprint(Phase phase, boolean aborted, Set<String> actions, long runsInOrg) {
        static Fingerprint of(RunIdentifier run) {
            ActionDetails root = details(bob, Fixtures.actionId(run, "a0"));
            Set<String> actions = runs(bob).listActions(ListActionsRequest.newBuilder().setRunId(run).build())
                    .getActionsList().stream().map(a -> a.getId().getName()).collect(Collectors.toSet());
            long runsInOrg = runs(bob).listRuns(ListRunsRequest.newBuilder().setOrg(run.getOrg()).build())
                    .getRunsCount();
            return new Fingerprint(root.getStatus().getPhase(), root.hasAbortInfo(), actions, runsInOrg);
        }
    }

    private record CliResult(int code, String out, String err) {
    }

    private static CliResult cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(args, new Terminal(new PrintWriter(out), new PrintWriter(err),
                InputStream.nullInputStream(), env, false, Clock.systemUTC()));
        return new CliResult(code, out.toString(), err.toString());
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }

    private static String principal(EnrichedIdentity identity) {
        return identity.getUser().getId().getSubject() + "@" + identity.getUser().getSpec().getOrganization();
    }

    private static List<RunIdentifier> listedRuns(Protocol protocol, String token, String org) {
        Answer answer = client.call(protocol, RunServiceGrpc.getListRunsMethod(),
                ListRunsRequest.newBuilder().setOrg(org).setRequest(
                        flyteidl2.common.ListRequest.newBuilder().setLimit(200)).build(), token, CALL);
        assertThat(answer.code()).as("ListRuns over %s: %s", protocol, answer).isEqualTo(Status.Code.OK);
        return answer.parsed(RunServiceGrpc.getListRunsMethod()).getFirst().getRunsList().stream()
                .map(r -> r.getAction().getId().getRun()).toList();
    }

    private static List<RunIdentifier> watchedRuns(Protocol protocol, String token, WatchRunsRequest request) {
        Answer answer = client.call(protocol, RunServiceGrpc.getWatchRunsMethod(), request, token, STREAM);
        assertThat(answer.messages()).as("WatchRuns over %s: %s", protocol, answer).isNotEmpty();
        return answer.parsed(RunServiceGrpc.getWatchRunsMethod()).stream()
                .flatMap(r -> r.getRunsList().stream()).map(Run::getAction).map(a -> a.getId().getRun()).toList();
    }

    /** A run of a task that sleeps, on {@link #CLUSTER}, running when this returns. */
    private static RunIdentifier startSleeping(String token, String org, String project) {
        RunIdentifier run = RunIdentifier.newBuilder().setOrg(org).setProject(project).setDomain("development")
                .setName(Fixtures.uniqueRunName()).build();
        runs(token).createRun(CreateRunRequest.newBuilder().setRunId(run).setTaskSpec(Tasks.shell("sleep 300"))
                .setRunSpec(RunSpec.newBuilder().setCluster(CLUSTER)).build());
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(
                () -> details(token, Fixtures.actionId(run, "a0")).getStatus().getPhase() == Phase.PHASE_RUNNING);
        return run;
    }

    private static void abortQuietly(String token, RunIdentifier run) {
        try {
            runs(token).abortRun(AbortRunRequest.newBuilder().setRunId(run).build());
        } catch (StatusRuntimeException e) {
            // Already finished: nothing to stop.
        }
    }

    private static ActionDetails details(String token, flyteidl2.common.ActionIdentifier action) {
        return runs(token).getActionDetails(GetActionDetailsRequest.newBuilder().setActionId(action).build())
                .getDetails();
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return RunServiceGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static String token(String subject, String org, List<String> projects) {
        return Tokens.hs256(Tokens.claims(subject, org, projects, Duration.ofHours(1)), SECRET);
    }
}

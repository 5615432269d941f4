package io.flyteservices.gateway.badinput;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.AbortRunRequest;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.StateServiceGrpc;
import io.flyteservices.testkit.DatabaseState;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestDatabase;
import io.flyteservices.testkit.TestServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server the bad-input suites attack, with what they share: every RPC of the three services, a valid sample
 * request of each (aimed at a finished run, so its streams end at once), raw calls on every protocol, and the
 * check each case ends with: no forbidden code, nothing changed when rejected, the server still answering.
 */
final class BadInputServer implements AutoCloseable {

    /** Small, so "a state over the limit" is cheap to send. */
    static final int MAX_STATE_BYTES = 4_096;
    /** protocol.max-message-bytes in application.yml. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** The deadline the suites set on streams that may legitimately stay open (accepted requests). */
    static final Duration STREAM_DEADLINE = Duration.ofMillis(500);

    static final List<MethodDescriptor<?, ?>> METHODS = List.copyOf(allMethods());

    final TestServer server;
    final DataSource db;
    final RawHttp http;
    /** The root action of an aborted run: every watch of it ends after one message. */
    final ActionIdentifier finished;
    private final RunServiceGrpc.RunServiceBlockingStub runs;

    private BadInputServer(TestServer server) {
        this.server = server;
        this.db = TestDatabase.get().dataSource();
        this.http = new RawHttp(server.httpBase());
        this.runs = RunServiceGrpc.newBlockingStub(server.channel());
        RunIdentifier run = Fixtures.runId(Fixtures.uniqueProject(), Fixtures.uniqueRunName());
        runs.createRun(Fixtures.createRun(run));
        runs.abortRun(AbortRunRequest.newBuilder().setRunId(run).setReason("fixture").build());
        this.finished = Fixtures.actionId(run, "a0");
    }

    static BadInputServer start() {
        return new BadInputServer(TestServer.start(Map.of("state.max-state-size-bytes", MAX_STATE_BYTES)));
    }

    private static List<MethodDescriptor<?, ?>> allMethods() {
        List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
        for (ServiceDescriptor service : List.of(RunServiceGrpc.getServiceDescriptor(),
                QueueServiceGrpc.getServiceDescriptor(), StateServiceGrpc.getServiceDescriptor())) {
            methods.addAll(service.getMethods());
        }
        methods.sort((a, b) -> a.getFullMethodName().compareTo(b.getFullMethodName()));
        return methods;
    }

    static List<MethodDescriptor<?, ?>> methods(MethodType... types) {
        return METHODS.stream().filter(m -> List.of(types).contains(m.getType())).toList();
    }

    /** {@code RunService/GetRunDetails}: the name the counts are kept under. */
    static String rpc(MethodDescriptor<?, ?> method) {
        String service = method.getServiceName();
        return service.substring(service.lastIndexOf('.') + 1) + "/" + method.getBareMethodName();
    }

    static String path(MethodDescriptor<?, ?> method) {
        return "/" + method.getFullMethodName();
    }

    /** Whether a call may stay open without any fault (never-ending watches). */
    static boolean mayStayOpen(MethodDescriptor<?, ?> method) {
        return method.getType() != MethodType.UNARY;
    }

    static Message requestPrototype(MethodDescriptor<?, ?> method) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    }

    private static Message responsePrototype(MethodDescriptor<?, ?> method) {
        return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getResponseMarshaller())
                .getMessagePrototype();
    }

    /** A valid request: the ids of the finished run, the first choice of every required oneof. */
    Message sample(MethodDescriptor<?, ?> method) {
        Message prototype = requestPrototype(method);
        if (method.getBareMethodName().equals("CreateRun")) {
            return Fixtures.createRun(Fixtures.runId(finished.getRun().getProject(), Fixtures.uniqueRunName()));
        }
        Message.Builder b = prototype.newBuilderForType();
        for (FieldDescriptor f : prototype.getDescriptorForType().getFields()) {
            if (f.getContainingOneof() != null && b.hasOneof(f.getContainingOneof())) {
                continue;
            }
            if (f.getType() == FieldDescriptor.Type.MESSAGE && !f.isRepeated()) {
                if (f.getMessageType().equals(RunIdentifier.getDescriptor())) {
                    b.setField(f, finished.getRun());
                } else if (f.getMessageType().equals(ActionIdentifier.getDescriptor())) {
                    b.setField(f, finished);
                }
            } else if (f.getName().equals("state")) {
                b.setField(f, "{\"sample\": true}");
            } else if (f.getName().equals("attempt")) {
                b.setField(f, 1);
            }
        }
        return b.build();
    }

    static byte[] encode(Message message, boolean json) {
        if (!json) {
            return message.toByteArray();
        }
        try {
            return JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** StateService Put/Get answer with a status in band; read it from a response payload. */
    static Outcome.InBand inBand(MethodDescriptor<?, ?> method, boolean json) {
        if (!method.getServiceName().equals(StateServiceGrpc.SERVICE_NAME)
                || method.getType() != MethodType.BIDI_STREAMING) {
            return Outcome.InBand.NONE;
        }
        Message prototype = responsePrototype(method);
        return payload -> {
            Message.Builder b = prototype.newBuilderForType();
            try {
                if (json) {
                    JsonFormat.parser().ignoringUnknownFields().merge(new String(payload, StandardCharsets.UTF_8), b);
                } else {
                    b.mergeFrom(payload);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("unreadable " + prototype.getDescriptorForType().getName(), e);
            }
            FieldDescriptor status = b.getDescriptorForType().findFieldByName("status");
            assertThat(b.hasField(status)).as("in-band status of %s", rpc(method)).isTrue();
            return ((com.google.rpc.Status) b.getField(status)).getCode();
        };
    }

    /**
     * The check every case ends with: the answer is no forbidden code, a rejected call changed nothing, and the
     * server still serves a good call on both ports.
     */
    void check(Ledger ledger, String rpc, String protocol, Object input, Supplier<Outcome> call) {
        DatabaseState before = DatabaseState.capture(db);
        Outcome outcome = call.get();
        assertThat(outcome.code()).as("%s over %s answered %s to %s", rpc, protocol, outcome, input)
                .isNotIn(Outcome.FORBIDDEN);
        if (!outcome.accepted()) {
            assertThat(DatabaseState.capture(db)).as("database after %s over %s rejected %s as %s",
                    rpc, protocol, input, outcome).isEqualTo(before);
        }
        ledger.record(rpc, protocol, !outcome.accepted());
        assertHealthy();
    }

    void assertHealthy() {
        byte[] body = ("{\"runId\":{\"project\":\"" + finished.getRun().getProject() + "\",\"domain\":\""
                + finished.getRun().getDomain() + "\",\"name\":\"" + finished.getRun().getName() + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = http.post("/flyteidl2.workflow.RunService/GetRunDetails",
                Map.of("Content-Type", "application/json"), body);
        assertThat(r.status()).as("good Connect call after a bad one: %s", new String(r.body(),
                StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(runs.withDeadlineAfter(10, TimeUnit.SECONDS)
                .getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(finished.getRun()).build())
                .getDetails().getAction().getId()).isEqualTo(finished);
    }

    /** A native gRPC call of {@code method} with raw request bytes, half-closed after the last one. */
    Outcome grpcRaw(MethodDescriptor<?, ?> method, List<byte[]> requests) {
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
        boolean ownDeadline = mayStayOpen(method);
        CallOptions options = ownDeadline
                ? CallOptions.DEFAULT.withDeadlineAfter(STREAM_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                : CallOptions.DEFAULT;
        ClientCall<byte[], byte[]> call = server.channel().newCall(raw, options);
        List<byte[]> responses = new CopyOnWriteArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        Status[] status = new Status[1];
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                responses.add(message);
                call.request(1);
            }

            @Override
            public void onClose(Status s, Metadata trailers) {
                status[0] = s;
                closed.countDown();
            }
        }, new Metadata());
        call.request(1);
        requests.forEach(call::sendMessage);
        call.halfClose();
        try {
            if (!closed.await(RawHttp.HANG.toMillis(), TimeUnit.MILLISECONDS)) {
                call.cancel("hang", null);
                throw new AssertionError("no end within " + RawHttp.HANG + " of gRPC " + rpc(method));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return Outcome.grpc(status[0], responses, inBand(method, false), ownDeadline);
    }

    /** A Connect call: unary POST for unary and bidi methods, a one-envelope stream for server streams. */
    Outcome connect(MethodDescriptor<?, ?> method, boolean json, byte[] body, Map<String, String> extraHeaders) {
        boolean stream = method.getType() == MethodType.SERVER_STREAMING;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", (stream ? "application/connect+" : "application/") + (json ? "json" : "proto"));
        if (stream) {
            headers.put("Connect-Timeout-Ms", String.valueOf(STREAM_DEADLINE.toMillis()));
        }
        headers.putAll(extraHeaders);
        RawHttp.Response r = http.post(path(method), headers, body);
        return stream ? Outcome.connectStream(r, inBand(method, json), true)
                : Outcome.connectUnary(r, inBand(method, json));
    }

    /** A gRPC-Web call with {@code body} as the (binary) frames; text mode base64-encodes it. */
    Outcome grpcWeb(MethodDescriptor<?, ?> method, boolean text, byte[] frames, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", text ? "application/grpc-web-text" : "application/grpc-web+proto");
        if (mayStayOpen(method)) {
            headers.put("grpc-timeout", STREAM_DEADLINE.toMillis() + "m");
        }
        headers.putAll(extraHeaders);
        byte[] body = text ? Base64.getEncoder().encode(frames) : frames;
        return Outcome.grpcWeb(http.post(path(method), headers, body), text, inBand(method, false),
                mayStayOpen(method));
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}

package io.flyteservices.protocol.bridge;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.WrappersProto;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Executor;

/**
 * {@code test.EchoService}: a hand-built service over wrapper messages, with a hand-built descriptor
 * ({@code protocol_test/echo.proto}) so dynamic clients can call it. Echo has no side effects (GET works); Fail
 * answers {@code "CODE:message"} with that status and one StringValue detail; Count streams N items; Slow never
 * answers; Forever streams as fast as flow control lets it; Chat is bidirectional; Big answers N x's;
 * SetHealth sets {@code "service=STATUS"} on the health service.
 */
public final class EchoService implements BindableService {

    /** The service's name. */
    public static final String NAME = "test.EchoService";
    /** Its schema, importing {@code google/protobuf/wrappers.proto}. */
    public static final Descriptors.FileDescriptor FILE = buildFile();

    static final MethodDescriptor<StringValue, StringValue> ECHO = method("Echo", MethodType.UNARY,
            StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<StringValue, StringValue> FAIL = method("Fail", MethodType.UNARY,
            StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<Int32Value, StringValue> COUNT = method("Count", MethodType.SERVER_STREAMING,
            Int32Value.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<StringValue, StringValue> SLOW = method("Slow", MethodType.UNARY,
            StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<Int32Value, StringValue> FOREVER = method("Forever", MethodType.SERVER_STREAMING,
            Int32Value.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<StringValue, StringValue> CHAT = method("Chat", MethodType.BIDI_STREAMING,
            StringValue.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<Int32Value, StringValue> BIG = method("Big", MethodType.UNARY,
            Int32Value.getDefaultInstance(), StringValue.getDefaultInstance());
    static final MethodDescriptor<StringValue, StringValue> SET_HEALTH = method("SetHealth", MethodType.UNARY,
            StringValue.getDefaultInstance(), StringValue.getDefaultInstance());

    private static final Executor DIRECT = Runnable::run;

    private final CallLog log;
    private final HealthStatusManager health;

    public EchoService(CallLog log, HealthStatusManager health) {
        this.log = log;
        this.health = health;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(NAME)
                .setSchemaDescriptor(new Schema())
                .addMethod(ECHO).addMethod(FAIL).addMethod(COUNT).addMethod(SLOW).addMethod(FOREVER)
                .addMethod(CHAT).addMethod(BIG).addMethod(SET_HEALTH)
                .build();
        return ServerServiceDefinition.builder(descriptor)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    log.echoCalled();
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) -> {
                    String[] parts = request.getValue().split(":", 2);
                    Status.Code code = Status.Code.valueOf(parts[0]);
                    response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(code.value())
                            .setMessage(parts.length > 1 ? parts[1] : "")
                            .addDetails(Any.pack(StringValue.of("detail-" + code)))
                            .build()));
                }))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    for (int i = 0; i < request.getValue(); i++) {
                        response.onNext(StringValue.of("item-" + i));
                    }
                    response.onCompleted();
                }))
                .addMethod(SLOW, ServerCalls.asyncUnaryCall((request, response) ->
                        Context.current().addListener(
                                context -> log.slowEnded(io.grpc.Contexts.statusFromCancelled(context)), DIRECT)))
                .addMethod(FOREVER, ServerCalls.asyncServerStreamingCall(this::forever))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(response -> new StreamObserver<>() {
                    @Override
                    public void onNext(StringValue value) {
                        response.onNext(StringValue.of("chat:" + value.getValue()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        // The client cancelled; nothing to clean up.
                    }

                    @Override
                    public void onCompleted() {
                        response.onCompleted();
                    }
                }))
                .addMethod(BIG, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(StringValue.of("x".repeat(request.getValue())));
                    response.onCompleted();
                }))
                .addMethod(SET_HEALTH, ServerCalls.asyncUnaryCall((request, response) -> {
                    String[] parts = request.getValue().split("=", 2);
                    health.setStatus(parts[0], ServingStatus.valueOf(parts[1]));
                    response.onNext(StringValue.of("ok"));
                    response.onCompleted();
                }))
                .build();
    }

    /** Sends messages of {@code size} characters while the transport is ready, until cancelled. */
    private void forever(Int32Value size, StreamObserver<StringValue> observer) {
        ServerCallStreamObserver<StringValue> response = (ServerCallStreamObserver<StringValue>) observer;
        StringValue payload = StringValue.of("y".repeat(size.getValue()));
        response.setOnCancelHandler(log::markForeverCancelled);
        response.setOnReadyHandler(() -> {
            while (response.isReady() && !response.isCancelled()) {
                response.onNext(payload);
                log.foreverSent();
            }
            if (!response.isCancelled()) {
                log.foreverBackpressured();
            }
        });
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(
            String name, MethodType type, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(NAME, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    private static Descriptors.FileDescriptor buildFile() {
        String string = ".google.protobuf.StringValue";
        String int32 = ".google.protobuf.Int32Value";
        ServiceDescriptorProto service = ServiceDescriptorProto.newBuilder()
                .setName("EchoService")
                .addMethod(methodProto("Echo", string, string, false, false).setOptions(
                        MethodOptions.newBuilder().setIdempotencyLevel(IdempotencyLevel.NO_SIDE_EFFECTS)))
                .addMethod(methodProto("Fail", string, string, false, false))
                .addMethod(methodProto("Count", int32, string, false, true))
                .addMethod(methodProto("Slow", string, string, false, false))
                .addMethod(methodProto("Forever", int32, string, false, true))
                .addMethod(methodProto("Chat", string, string, true, true))
                .addMethod(methodProto("Big", int32, string, false, false))
                .addMethod(methodProto("SetHealth", string, string, false, false))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("protocol_test/echo.proto")
                .setPackage("test")
                .setSyntax("proto3")
                .addDependency(WrappersProto.getDescriptor().getName())
                .addService(service)
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file,
                    new Descriptors.FileDescriptor[] {WrappersProto.getDescriptor()});
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException("hand-built test descriptor is invalid", e);
        }
    }

    private static MethodDescriptorProto.Builder methodProto(String name, String input, String output,
                                                             boolean clientStreaming, boolean serverStreaming) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(input).setOutputType(output)
                .setClientStreaming(clientStreaming).setServerStreaming(serverStreaming);
    }

    /** Lets the bridge (and reflection) find the schema, as generated services do. */
    private static final class Schema implements ProtoServiceDescriptorSupplier {
        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return FILE;
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return FILE.findServiceByName("EchoService");
        }
    }
}

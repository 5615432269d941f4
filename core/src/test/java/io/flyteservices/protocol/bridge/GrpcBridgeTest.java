package io.flyteservices.protocol.bridge;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.core.order.Ordered;
import io.micronaut.grpc.server.health.HealthStatusManagerContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcBridgeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CallLog log = new CallLog();
    private final List<String> interceptorRuns = new CopyOnWriteArrayList<>();
    private final GrpcBridge bridge = new GrpcBridge(
            List.of(new EchoService(log, new HealthStatusManager())),
            List.of(),
            List.of(new Named("late", 10), new Named("early", -10), new Named("middle", 0)),
            List.of(),
            new HealthStatusManagerContainer(new HealthStatusManager()),
            executor);

    @AfterEach
    void close() {
        bridge.close();
        executor.shutdownNow();
    }

    private List<RpcEvent> call(String path, com.google.protobuf.Message request, Optional<Duration> timeout) {
        RpcMethod method = bridge.method(path).orElseThrow();
        return bridge.call(method, new Metadata(), timeout, List.of(request)).events().collectList()
                .block(Duration.ofSeconds(10));
    }

    @Test
    void shouldDescribeEveryMethodWhenServicesRegistered() {
        assertThat(bridge.method("/test.EchoService/Echo")).hasValueSatisfying(m -> {
            assertThat(m.type()).isEqualTo(MethodType.UNARY);
            assertThat(m.noSideEffects()).isTrue();
            assertThat(m.requestPrototype()).isEqualTo(StringValue.getDefaultInstance());
        });
        assertThat(bridge.method("/test.EchoService/Fail")).hasValueSatisfying(m ->
                assertThat(m.noSideEffects()).isFalse());
        assertThat(bridge.method("/test.EchoService/Count")).hasValueSatisfying(m ->
                assertThat(m.serverStreams()).isTrue());
        assertThat(bridge.method("/test.EchoService/Chat")).hasValueSatisfying(m -> {
            assertThat(m.clientStreams()).isTrue();
            assertThat(m.serverStreams()).isTrue();
        });
        assertThat(bridge.method("/test.EchoService/Nope")).isEmpty();
    }

    @Test
    void shouldServeHealthServiceWhenHealthEnabled() {
        assertThat(bridge.method("/grpc.health.v1.Health/Check")).isPresent();
        assertThat(bridge.method("/grpc.health.v1.Health/Watch")).hasValueSatisfying(m ->
                assertThat(m.type()).isEqualTo(MethodType.SERVER_STREAMING));
    }

    @Test
    void shouldRunInterceptorsLowestOrderFirstWhenCalled() {
        List<RpcEvent> events = call("/test.EchoService/Echo", StringValue.of("x"), Optional.empty());

        assertThat(events).hasSize(2);
        assertThat(interceptorRuns).containsExactly("early", "middle", "late");
    }

    @Test
    void shouldEndWithMessagesThenCloseWhenStreamCompletes() {
        List<RpcEvent> events = call("/test.EchoService/Count", Int32Value.of(2), Optional.empty());

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new RpcEvent.Response(StringValue.of("item-0")));
        assertThat(events.get(2)).isInstanceOfSatisfying(RpcEvent.Close.class,
                close -> assertThat(close.status().isOk()).isTrue());
    }

    @Test
    void shouldGiveServiceTheDeadlineWhenTimeoutSet() throws InterruptedException {
        List<RpcEvent> events = call("/test.EchoService/Slow", StringValue.of("z"),
                Optional.of(Duration.ofMillis(300)));

        assertThat(((RpcEvent.Close) events.getLast()).status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(log.slowEnded().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(log.slowEnd().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void shouldCancelCallWhenSubscriberCancels() throws InterruptedException {
        RpcMethod method = bridge.method("/test.EchoService/Forever").orElseThrow();
        RpcCall call = bridge.call(method, new Metadata(), Optional.empty(), List.of(Int32Value.of(10)));

        List<RpcEvent> firstTwo = call.events().take(2).collectList().block(Duration.ofSeconds(10));

        assertThat(firstTwo).hasSize(2).allMatch(e -> e instanceof RpcEvent.Response);
        assertThat(log.foreverCancelled().await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldCompleteHeadersWithEmptyMetadataWhenCallFailsWithoutHeaders() {
        RpcMethod method = bridge.method("/test.EchoService/Fail").orElseThrow();
        RpcCall call = bridge.call(method, new Metadata(), Optional.empty(), List.of(StringValue.of("NOT_FOUND:x")));

        List<RpcEvent> events = call.events().collectList().block(Duration.ofSeconds(10));

        assertThat(call.headers()).isCompleted();
        assertThat(((RpcEvent.Close) events.getLast()).status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    /** Records its name when it runs. */
    private final class Named implements ServerInterceptor, Ordered {
        private final String name;
        private final int order;

        Named(String name, int order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public int getOrder() {
            return order;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            interceptorRuns.add(name);
            return next.startCall(call, headers);
        }
    }
}

package io.flyteservices.protocol.bridge;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call on the in-process channel with the request side already sent (all request messages, then
 * half-close). The response side is pulled: besides one message asked for up front, {@link #events()} asks the
 * call for messages only as its subscriber asks for events, so a slow HTTP reader slows the service down instead
 * of filling memory; cancelling the subscription cancels the call.
 */
public final class RpcCall {

    private static final int UNBOUNDED = 1 << 30;

    private final ClientCall<Message, Message> call;
    private final CompletableFuture<Metadata> headers = new CompletableFuture<>();
    private final Sinks.Many<RpcEvent> events = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicBoolean unbounded = new AtomicBoolean();

    private RpcCall(ClientCall<Message, Message> call) {
        this.call = call;
    }

    /**
     * Starts a call, sends {@code requests} and half-closes. The deadline, if any, is applied as the call's
     * deadline so the service sees it in its {@code Context}.
     */
    static RpcCall start(Channel channel, RpcMethod method, Metadata metadata, Optional<Duration> timeout,
                         List<Message> requests) {
        CallOptions options = CallOptions.DEFAULT;
        if (timeout.isPresent()) {
            options = options.withDeadlineAfter(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
        }
        RpcCall rpc = new RpcCall(channel.newCall(method.descriptor(), options));
        rpc.call.start(rpc.new Listener(), metadata);
        for (Message request : requests) {
            rpc.call.sendMessage(request);
        }
        rpc.call.halfClose();
        // A service sends its headers with its first message, and the HTTP response (which carries those
        // headers) exists only once they arrive: ask for one message up front so the first one can come. It waits
        // in the buffer until the HTTP side subscribes; later requests follow the HTTP side's demand.
        rpc.call.request(1);
        return rpc;
    }

    /**
     * Completes with the response headers, or with empty metadata when the call ends without sending any
     * (a "trailers-only" answer, e.g. an error).
     */
    public CompletableFuture<Metadata> headers() {
        return headers;
    }

    /**
     * The response messages then one {@link RpcEvent.Close}. Single subscriber; demand from the subscriber is
     * passed to the call as message requests.
     */
    public Flux<RpcEvent> events() {
        return events.asFlux()
                .doOnRequest(this::request)
                .doOnCancel(() -> cancel("HTTP client went away"));
    }

    /** Cancels the call; the service sees CANCELLED. Harmless after the call ended. */
    public void cancel(String reason) {
        call.cancel(reason, null);
    }

    private void request(long n) {
        if (unbounded.get()) {
            return;
        }
        // gRPC counts requested messages in an int: an "unbounded" request is capped well below overflow (the
        // one message asked for up front is already in that count) and asked for once.
        if (n >= UNBOUNDED) {
            unbounded.set(true);
            call.request(UNBOUNDED);
        } else {
            call.request((int) n);
        }
    }

    /** Runs on the channel's serializing executor, so emissions never overlap. */
    private final class Listener extends ClientCall.Listener<Message> {
        @Override
        public void onHeaders(Metadata responseHeaders) {
            headers.complete(responseHeaders);
        }

        @Override
        public void onMessage(Message message) {
            events.tryEmitNext(new RpcEvent.Response(message));
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            headers.complete(new Metadata());
            events.tryEmitNext(new RpcEvent.Close(status, trailers));
            events.tryEmitComplete();
        }
    }
}

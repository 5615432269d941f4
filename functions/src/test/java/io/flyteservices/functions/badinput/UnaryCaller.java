package io.flyteservices.functions.badinput;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends one unary request over a {@link Protocol}: native gRPC with grpc-java, or a Connect unary POST with a
 * JSON or binary body, as a browser or {@code curl} would. Only the status matters here, not the response.
 */
final class UnaryCaller {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Channel channel;
    private final URI httpBase;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt on every new connection
            .connectTimeout(TIMEOUT)
            .build();

    UnaryCaller(Channel channel, URI httpBase) {
        this.channel = channel;
        this.httpBase = httpBase;
    }

    /** The outcome, or empty when the protocol cannot carry this request (JSON has no form for some values). */
    Optional<CallOutcome> call(Protocol protocol, UnaryRpc rpc, Message request) {
        return switch (protocol) {
            case GRPC -> Optional.of(grpc(rpc, request));
            case CONNECT_JSON -> json(request).map(body -> connect(rpc, "application/json", body));
            case CONNECT_PROTO -> Optional.of(connect(rpc, "application/proto", request.toByteArray()));
        };
    }

    private CallOutcome grpc(UnaryRpc rpc, Message request) {
        try {
            ClientCalls.blockingUnaryCall(channel, rpc.method(),
                    CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS), request);
            return CallOutcome.ok();
        } catch (StatusRuntimeException e) {
            return new CallOutcome(e.getStatus().getCode(), e.getStatus().getDescription());
        }
    }

    /** Timestamps past year 9999, Any with unknown types and the like have no JSON form: the printer refuses them. */
    private static Optional<byte[]> json(Message request) {
        try {
            return Optional.of(JsonFormat.printer().print(request).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private CallOutcome connect(UnaryRpc rpc, String contentType, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(httpBase.resolve("/" + rpc.service() + "/" + rpc.name()))
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .header("Connect-Protocol-Version", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return response.statusCode() == 200 ? CallOutcome.ok() : connectError(response);
    }

    /** A Connect error body is {"code": "invalid_argument", "message": ...}; anything else is itself a bug. */
    private static CallOutcome connectError(HttpResponse<String> response) {
        try {
            Struct.Builder error = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(response.body(), error);
            String code = error.getFieldsOrThrow("code").getStringValue();
            String message = error.containsFields("message") ? error.getFieldsOrThrow("message").getStringValue() : "";
            return new CallOutcome(Status.Code.valueOf(code.toUpperCase(Locale.ROOT)), message);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return new CallOutcome(Status.Code.UNKNOWN, "HTTP " + response.statusCode() + " without a Connect error: "
                    + response.body());
        }
    }
}

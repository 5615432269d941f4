package io.flyteservices.executor.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.flyteservices.testkit.Frames;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes any call of the workflow services, with or without a bearer token, over native gRPC, Connect (binary) or
 * gRPC-Web, as their clients do, and reads the answer from each protocol's wire: the final status and the
 * messages that came before it. Every call carries a deadline, so a stream that is let through ends with
 * DEADLINE_EXCEEDED after delivering what it had.
 */
final class ProtocolClient {

    enum Protocol { GRPC, CONNECT, GRPC_WEB }

    /** How a call ended, and the messages it delivered before. */
    record Answer(Status.Code code, String message, List<byte[]> messages) {

        <R> List<R> parsed(MethodDescriptor<?, R> method) {
            return messages.stream().map(m -> parse(method, m)).toList();
        }

        @Override
        public String toString() {
            return code + " (" + message + ") after " + messages.size() + " message(s)";
        }
    }

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Channel channel;
    private final URI httpBase;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ProtocolClient(Channel channel, URI httpBase) {
        this.channel = channel;
        this.httpBase = httpBase;
    }

    /** Sends one request ({@code token} null: no authorization header) and waits for the call to end. */
    <Q extends Message, R> Answer call(Protocol protocol, MethodDescriptor<Q, R> method, Q request, String token,
                                       Duration deadline) {
        return switch (protocol) {
            case GRPC -> grpc(method, request, token, deadline);
            // Connect over HTTP/1.1 takes a bidirectional method's one-message call in the unary form.
            case CONNECT -> method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING
                    ? connectStream(method, request, token, deadline)
                    : connectUnary(method, request, token, deadline);
            case GRPC_WEB -> grpcWeb(method, request, token, deadline);
        };
    }

    private <Q extends Message, R> Answer grpc(MethodDescriptor<Q, R> method, Q request, String token,
                                               Duration deadline) {
        ClientCall<Q, R> call = channel.newCall(method,
                CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        List<byte[]> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(R message) {
                messages.add(((Message) message).toByteArray());
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, headers);
        call.request(Integer.MAX_VALUE);
        call.sendMessage(request);
        call.halfClose();
        Status status = await(closed, deadline);
        return new Answer(status.getCode(), String.valueOf(status.getDescription()), List.copyOf(messages));
    }

    private Answer connectUnary(MethodDescriptor<?, ?> method, Message request, String token, Duration deadline) {
        HttpResponse<byte[]> response = post(method, "application/proto", request.toByteArray(), token,
                "connect-timeout-ms", Long.toString(deadline.toMillis()), deadline);
        if (response.statusCode() == 200) {
            return new Answer(Status.Code.OK, "", List.of(response.body()));
        }
        return connectError(json(response.body()), List.of());
    }

    private Answer connectStream(MethodDescriptor<?, ?> method, Message request, String token, Duration deadline) {
        HttpResponse<byte[]> response = post(method, "application/connect+proto",
                Frames.frame(0, request.toByteArray()), token,
                "connect-timeout-ms", Long.toString(deadline.toMillis()), deadline);
        if (response.statusCode() != 200) {
            return connectError(json(response.body()), List.of());
        }
        List<Frames.Frame> frames = Frames.read(response.body());
        List<byte[]> messages = frames.stream().filter(f -> (f.flags() & Frames.END_STREAM) == 0)
                .map(Frames.Frame::payload).toList();
        Struct end = json(frames.getLast().payload());
        return end.containsFields("error")
                ? connectError(end.getFieldsOrThrow("error").getStructValue(), messages)
                : new Answer(Status.Code.OK, "", messages);
    }

    private Answer grpcWeb(MethodDescriptor<?, ?> method, Message request, String token, Duration deadline) {
        HttpResponse<byte[]> response = post(method, "application/grpc-web+proto",
                Frames.frame(0, request.toByteArray()), token, "grpc-timeout", deadline.toMillis() + "m", deadline);
        List<Frames.Frame> frames = Frames.read(response.body());
        List<byte[]> messages = frames.stream().filter(f -> (f.flags() & Frames.GRPC_WEB_TRAILER) == 0)
                .map(Frames.Frame::payload).toList();
        String status = response.headers().firstValue("grpc-status").orElse(null);
        String description = response.headers().firstValue("grpc-message").orElse("");
        for (Frames.Frame trailer : frames.stream().filter(f -> (f.flags() & Frames.GRPC_WEB_TRAILER) != 0).toList()) {
            for (String line : new String(trailer.payload(), StandardCharsets.UTF_8).split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("grpc-status:")) {
                    status = line.substring("grpc-status:".length()).strip();
                } else if (lower.startsWith("grpc-message:")) {
                    description = line.substring("grpc-message:".length()).strip();
                }
            }
        }
        if (status == null) {
            throw new AssertionError("gRPC-Web answer without grpc-status: HTTP " + response.statusCode());
        }
        return new Answer(Status.fromCodeValue(Integer.parseInt(status)).getCode(), description, messages);
    }

    private HttpResponse<byte[]> post(MethodDescriptor<?, ?> method, String contentType, byte[] body, String token,
                                      String timeoutHeader, String timeout, Duration deadline) {
        HttpRequest.Builder request = HttpRequest.newBuilder(httpBase.resolve("/" + method.getFullMethodName()))
                .timeout(deadline.plusSeconds(10))
                .header("Content-Type", contentType)
                .header(timeoutHeader, timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType.startsWith("application/grpc-web")) {
            request.header("X-Grpc-Web", "1");
        } else {
            request.header("Connect-Protocol-Version", "1");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer connectError(Struct error, List<byte[]> messages) {
        String code = error.getFieldsOrThrow("code").getStringValue();
        String message = error.containsFields("message") ? error.getFieldsOrThrow("message").getStringValue() : "";
        Status.Code parsed = code.equals("canceled") ? Status.Code.CANCELLED
                : Status.Code.valueOf(code.toUpperCase(Locale.ROOT));
        return new Answer(parsed, message, messages);
    }

    private static Struct json(byte[] body) {
        try {
            Struct.Builder struct = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), struct);
            return struct.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static <R> R parse(MethodDescriptor<?, R> method, byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return method.getResponseMarshaller().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration deadline) {
        try {
            return future.get(deadline.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the call did not end", e);
        }
    }
}

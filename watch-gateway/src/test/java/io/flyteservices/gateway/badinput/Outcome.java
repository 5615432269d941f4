package io.flyteservices.gateway.badinput;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.flyteservices.testkit.Frames;
import io.grpc.Status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server answered to one call, read from the wire of each protocol: the code in Connect's spelling
 * ({@code ok}, {@code invalid_argument}, ...) and whether the request was accepted (OK, or a stream that started
 * delivering, or stopped only by the deadline the test itself set). Reading a malformed answer fails the test.
 */
record Outcome(String code, boolean accepted, String detail) {

    /** Codes that bad input must never produce (BEHAVIOR: INTERNAL is a bug; never for bad input). */
    static final List<String> FORBIDDEN = List.of("internal", "unknown", "data_loss", "unavailable", "canceled");

    /** Reads the in-band {@code google.rpc.Status} code of StateService Put/Get responses; 0 otherwise. */
    interface InBand extends ToIntFunction<byte[]> {
        InBand NONE = payload -> 0;
    }

    static String name(Status.Code code) {
        return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
    }

    static String name(int grpcCode) {
        return name(Status.fromCodeValue(grpcCode).getCode());
    }

    /** A gRPC call's end (and the in-band codes of its responses). */
    static Outcome grpc(Status status, List<byte[]> responses, InBand inBand, boolean ownDeadline) {
        Outcome inBandFailure = firstInBandFailure(responses, inBand);
        if (inBandFailure != null) {
            return inBandFailure;
        }
        boolean accepted = status.isOk() || !responses.isEmpty()
                || ownDeadline && status.getCode() == Status.Code.DEADLINE_EXCEEDED;
        return new Outcome(name(status.getCode()), accepted, String.valueOf(status.getDescription()));
    }

    /** A Connect unary answer: 200 with the message, or an error JSON whose HTTP status matches its code. */
    static Outcome connectUnary(RawHttp.Response r, InBand inBand) {
        if (r.status() == 200) {
            Outcome inBandFailure = firstInBandFailure(List.of(r.body()), inBand);
            return inBandFailure != null ? inBandFailure : new Outcome("ok", true, "");
        }
        return connectError(r);
    }

    /**
     * A Connect streaming answer: HTTP 200, message envelopes, then exactly one end-of-stream envelope. Errors
     * before the stream (unsupported content type) are answered as unary errors.
     */
    static Outcome connectStream(RawHttp.Response r, InBand inBand, boolean ownDeadline) {
        if (r.status() != 200) {
            return connectError(r);
        }
        List<Frames.Frame> frames = Frames.read(r.body());
        assertThat(frames).as("Connect stream answer").isNotEmpty();
        Frames.Frame end = frames.getLast();
        assertThat(end.flags() & Frames.END_STREAM).as("last envelope is end-of-stream").isNotZero();
        List<byte[]> messages = frames.subList(0, frames.size() - 1).stream().map(f -> {
            assertThat(f.flags() & Frames.END_STREAM).as("end-of-stream before the last envelope").isZero();
            return f.payload();
        }).toList();
        Outcome inBandFailure = firstInBandFailure(messages, inBand);
        if (inBandFailure != null) {
            return inBandFailure;
        }
        Struct json = json(end.payload());
        if (!json.containsFields("error")) {
            return new Outcome("ok", true, "");
        }
        Struct error = json.getFieldsOrThrow("error").getStructValue();
        String code = error.getFieldsOrThrow("code").getStringValue();
        boolean accepted = !messages.isEmpty() || ownDeadline && code.equals("deadline_exceeded");
        return new Outcome(code, accepted, message(error));
    }

    /** A gRPC-Web answer: HTTP 200, message frames and a trailer frame, or the status in the headers alone. */
    static Outcome grpcWeb(RawHttp.Response r, boolean text, InBand inBand, boolean ownDeadline) {
        assertThat(r.status()).as("gRPC-Web HTTP status").isEqualTo(200);
        String headerStatus = r.header("grpc-status");
        List<Frames.Frame> frames = Frames.read(text ? Frames.fromText(r.body()) : r.body());
        List<byte[]> messages = frames.stream().filter(f -> (f.flags() & Frames.GRPC_WEB_TRAILER) == 0)
                .map(Frames.Frame::payload).toList();
        String trailer = frames.stream().filter(f -> (f.flags() & Frames.GRPC_WEB_TRAILER) != 0)
                .map(f -> new String(f.payload(), StandardCharsets.UTF_8)).findFirst().orElse(null);
        String statusLine = headerStatus != null ? headerStatus : trailer == null ? null : trailer.lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("grpc-status:"))
                .map(l -> l.substring("grpc-status:".length()).trim()).findFirst().orElse(null);
        assertThat(statusLine).as("gRPC-Web grpc-status (header or trailer frame)").isNotNull();
        Outcome inBandFailure = firstInBandFailure(messages, inBand);
        if (inBandFailure != null) {
            return inBandFailure;
        }
        String code = name(Integer.parseInt(statusLine));
        boolean accepted = code.equals("ok") || !messages.isEmpty()
                || ownDeadline && code.equals("deadline_exceeded");
        return new Outcome(code, accepted, trailer == null ? "" : trailer.strip());
    }

    private static Outcome connectError(RawHttp.Response r) {
        assertThat(r.header("content-type")).as("Connect error content type").startsWith("application/json");
        Struct error = json(r.body());
        if (r.status() == 404 && !error.containsFields("code")) {
            // Not an RPC path at all (no Connect route matched): clients read a bare 404 as unimplemented.
            return new Outcome("unimplemented", false, "HTTP 404");
        }
        assertThat(error.containsFields("code")).as("Connect error JSON (HTTP %s) has a code: %s", r.status(),
                new String(r.body(), StandardCharsets.UTF_8)).isTrue();
        String code = error.getFieldsOrThrow("code").getStringValue();
        // The protocol's own refusals (no such method, wrong content type or HTTP method) have fixed statuses.
        boolean protocolLevel = r.status() == 404 && code.equals("unimplemented")
                || r.status() == 415 && code.equals("invalid_argument")
                || r.status() == 405 && code.equals("unimplemented");
        if (!protocolLevel) {
            assertThat(r.status()).as("HTTP status of Connect code %s", code).isEqualTo(connectHttpStatus(code));
        }
        return new Outcome(code, false, message(error));
    }

    private static Outcome firstInBandFailure(List<byte[]> responses, InBand inBand) {
        for (byte[] response : responses) {
            int code = inBand.applyAsInt(response);
            if (code != 0) {
                return new Outcome(name(code), false, "in band");
            }
        }
        return null;
    }

    /** The Connect specification's table of HTTP statuses for error codes. */
    static int connectHttpStatus(String code) {
        return switch (code) {
            case "canceled" -> 499;
            case "unknown", "internal", "data_loss" -> 500;
            case "invalid_argument", "failed_precondition", "out_of_range" -> 400;
            case "deadline_exceeded" -> 504;
            case "not_found" -> 404;
            case "already_exists", "aborted" -> 409;
            case "permission_denied" -> 403;
            case "resource_exhausted" -> 429;
            case "unimplemented" -> 501;
            case "unavailable" -> 503;
            case "unauthenticated" -> 401;
            default -> throw new AssertionError("not a Connect error code: " + code);
        };
    }

    private static String message(Struct error) {
        Value message = error.getFieldsMap().get("message");
        return message == null ? "" : message.getStringValue();
    }

    private static Struct json(byte[] body) {
        try {
            Struct.Builder b = Struct.newBuilder();
            JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
            return b.build();
        } catch (Exception e) {
            throw new AssertionError("answer is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public String toString() {
        return code + (accepted ? " (accepted)" : "") + (detail.isEmpty() ? "" : ": " + detail);
    }
}

package io.flyteservices.protocol.connect;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.flyteservices.protocol.bridge.MetadataHeaders;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that maps a gRPC {@link Status} to its Connect form: the code name ({@code not_found}), the HTTP
 * status of the Connect spec's table, the error JSON {@code {"code","message","details"}} and the end-of-stream
 * JSON {@code {"error":{...},"metadata":{...}}}. {@code UNKNOWN} and {@code INTERNAL} pass through as such.
 */
public final class ConnectErrors {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private ConnectErrors() {
    }

    /** The Connect code name: the gRPC code in lower snake case, {@code CANCELLED} spelled {@code canceled}. */
    public static String codeName(Status.Code code) {
        return code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status the Connect protocol gives a unary error with this code. */
    public static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case UNAUTHENTICATED -> 401;
        };
    }

    /** The Connect error JSON of a failed call; details come from {@code grpc-status-details-bin}. */
    public static byte[] errorJson(Status status, Metadata trailers) {
        return print(Struct.newBuilder().putAllFields(errorFields(status, trailers)).build());
    }

    /**
     * The end-of-stream JSON: {@code {}} on success plus {@code "error"} on failure, and the trailers as
     * {@code "metadata"} (arrays of strings per key).
     */
    public static byte[] endStreamJson(Status status, Metadata trailers) {
        Struct.Builder end = Struct.newBuilder();
        if (!status.isOk()) {
            end.putFields("error", Value.newBuilder()
                    .setStructValue(Struct.newBuilder().putAllFields(errorFields(status, trailers))).build());
        }
        Map<String, ListValue.Builder> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : MetadataHeaders.toHttp(trailers)) {
            metadata.computeIfAbsent(entry.getKey(), k -> ListValue.newBuilder())
                    .addValues(Value.newBuilder().setStringValue(entry.getValue()));
        }
        if (!metadata.isEmpty()) {
            Struct.Builder md = Struct.newBuilder();
            metadata.forEach((k, v) -> md.putFields(k, Value.newBuilder().setListValue(v).build()));
            end.putFields("metadata", Value.newBuilder().setStructValue(md).build());
        }
        return print(end.build());
    }

    private static Map<String, Value> errorFields(Status status, Metadata trailers) {
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("code", string(codeName(status.getCode())));
        if (status.getDescription() != null && !status.getDescription().isEmpty()) {
            fields.put("message", string(status.getDescription()));
        }
        List<Any> details = StatusProto.fromStatusAndTrailers(status, trailers).getDetailsList();
        if (!details.isEmpty()) {
            ListValue.Builder list = ListValue.newBuilder();
            for (Any detail : details) {
                String typeUrl = detail.getTypeUrl();
                list.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("type", string(typeUrl.substring(typeUrl.lastIndexOf('/') + 1)))
                        .putFields("value", string(BASE64.encodeToString(detail.getValue().toByteArray())))));
            }
            fields.put("details", Value.newBuilder().setListValue(list).build());
        }
        return fields;
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static byte[] print(Struct struct) {
        try {
            return JSON.print(struct).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a Struct always prints", e);
        }
    }
}

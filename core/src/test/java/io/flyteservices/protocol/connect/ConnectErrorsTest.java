package io.flyteservices.protocol.connect;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectErrorsTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    void shouldNameEveryCodeInLowerSnakeCaseWhenMapping(Status.Code code) {
        String expected = code == Status.Code.CANCELLED ? "canceled" : code.name().toLowerCase();

        assertThat(ConnectErrors.codeName(code)).isEqualTo(expected);
    }

    @Test
    void shouldUseSpecTableWhenMappingToHttpStatus() {
        assertThat(ConnectErrors.httpStatus(Status.Code.CANCELLED)).isEqualTo(499);
        assertThat(ConnectErrors.httpStatus(Status.Code.UNKNOWN)).isEqualTo(500);
        assertThat(ConnectErrors.httpStatus(Status.Code.INVALID_ARGUMENT)).isEqualTo(400);
        assertThat(ConnectErrors.httpStatus(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(504);
        assertThat(ConnectErrors.httpStatus(Status.Code.NOT_FOUND)).isEqualTo(404);
        assertThat(ConnectErrors.httpStatus(Status.Code.ALREADY_EXISTS)).isEqualTo(409);
        assertThat(ConnectErrors.httpStatus(Status.Code.PERMISSION_DENIED)).isEqualTo(403);
        assertThat(ConnectErrors.httpStatus(Status.Code.RESOURCE_EXHAUSTED)).isEqualTo(429);
        assertThat(ConnectErrors.httpStatus(Status.Code.FAILED_PRECONDITION)).isEqualTo(400);
        assertThat(ConnectErrors.httpStatus(Status.Code.ABORTED)).isEqualTo(409);
        assertThat(ConnectErrors.httpStatus(Status.Code.OUT_OF_RANGE)).isEqualTo(400);
        assertThat(ConnectErrors.httpStatus(Status.Code.UNIMPLEMENTED)).isEqualTo(501);
        assertThat(ConnectErrors.httpStatus(Status.Code.INTERNAL)).isEqualTo(500);
        assertThat(ConnectErrors.httpStatus(Status.Code.UNAVAILABLE)).isEqualTo(503);
        assertThat(ConnectErrors.httpStatus(Status.Code.DATA_LOSS)).isEqualTo(500);
        assertThat(ConnectErrors.httpStatus(Status.Code.UNAUTHENTICATED)).isEqualTo(401);
    }

    @Test
    void shouldOmitMessageAndDetailsWhenStatusHasNone() {
        assertThat(text(ConnectErrors.errorJson(Status.UNAVAILABLE, null))).isEqualTo("{\"code\":\"unavailable\"}");
    }

    @Test
    void shouldRenderDetailsAsTypeAndUnpaddedBase64WhenTrailersCarryThem() {
        com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.FAILED_PRECONDITION.value())
                .setMessage("run is terminal")
                .addDetails(Any.pack(StringValue.of("ab")))
                .build();
        Status status = StatusProto.toStatusException(rich).getStatus();
        Metadata trailers = StatusProto.toStatusException(rich).getTrailers();

        assertThat(text(ConnectErrors.errorJson(status, trailers))).isEqualTo("{\"code\":\"failed_precondition\","
                + "\"message\":\"run is terminal\",\"details\":[{\"type\":\"google.protobuf.StringValue\","
                + "\"value\":\"CgJhYg\"}]}");
    }

    @Test
    void shouldWriteEmptyObjectWhenStreamEndsOk() {
        assertThat(text(ConnectErrors.endStreamJson(Status.OK, new Metadata()))).isEqualTo("{}");
    }

    @Test
    void shouldWriteErrorAndMetadataArraysWhenStreamEndsWithError() {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("x-cost", Metadata.ASCII_STRING_MARSHALLER), "1");
        trailers.put(Metadata.Key.of("x-cost", Metadata.ASCII_STRING_MARSHALLER), "2");
        trailers.put(Metadata.Key.of("x-raw-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {(byte) 0xFF});

        String json = text(ConnectErrors.endStreamJson(Status.NOT_FOUND.withDescription("gone"), trailers));

        assertThat(json).isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"gone\"},"
                + "\"metadata\":{\"x-cost\":[\"1\",\"2\"],\"x-raw-bin\":[\"/w\"]}}");
    }
}

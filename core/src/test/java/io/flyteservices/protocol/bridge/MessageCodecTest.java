package io.flyteservices.protocol.bridge;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec(JsonFormat.TypeRegistry.getEmptyTypeRegistry());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintJsonFieldNamesWhenWritingJson() {
        FieldDescriptorProto field = FieldDescriptorProto.newBuilder().setTypeName(".a.B").setJsonName("b").build();

        assertThat(new String(codec.write(field, MessageCodec.Format.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"typeName\":\".a.B\",\"jsonName\":\"b\"}");
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenParsingJson() throws StatusException {
        Message parsed = codec.parse(FieldDescriptorProto.getDefaultInstance(),
                utf8("{\"type_name\":\".x.Y\",\"addedLater\":{\"deep\":[1,2]}}"), MessageCodec.Format.JSON);

        assertThat(parsed).isEqualTo(FieldDescriptorProto.newBuilder().setTypeName(".x.Y").build());
    }

    @Test
    void shouldFailInvalidArgumentNamingTypeWhenJsonMalformed() {
        assertThatThrownBy(() -> codec.parse(FieldDescriptorProto.getDefaultInstance(), utf8("{\"number\":\"x\"}"),
                MessageCodec.Format.JSON))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("malformed JSON for google.protobuf.FieldDescriptorProto");
                });
    }

    @Test
    void shouldFailInvalidArgumentWhenProtoMalformed() {
        assertThatThrownBy(() -> codec.parse(FieldDescriptorProto.getDefaultInstance(), new byte[] {(byte) 0xFF},
                MessageCodec.Format.PROTO))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void shouldRoundTripWhenWritingAndParsingProto() throws StatusException {
        FieldDescriptorProto field = FieldDescriptorProto.newBuilder().setName("n").setNumber(3).build();

        assertThat(codec.parse(FieldDescriptorProto.getDefaultInstance(),
                codec.write(field, MessageCodec.Format.PROTO), MessageCodec.Format.PROTO)).isEqualTo(field);
    }
}

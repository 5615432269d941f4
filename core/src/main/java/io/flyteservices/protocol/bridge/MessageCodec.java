package io.flyteservices.protocol.bridge;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusException;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes messages in binary protobuf or the canonical protobuf JSON mapping (field JSON names;
 * unknown fields ignored when reading, for forward compatibility).
 */
public final class MessageCodec {

    /** The two wire forms of a message. */
    public enum Format { PROTO, JSON }

    private final JsonFormat.Parser parser;
    private final JsonFormat.Printer printer;

    MessageCodec(JsonFormat.TypeRegistry typeRegistry) {
        this.parser = JsonFormat.parser().ignoringUnknownFields().usingTypeRegistry(typeRegistry);
        this.printer = JsonFormat.printer().omittingInsignificantWhitespace().usingTypeRegistry(typeRegistry);
    }

    /**
     * Parses a request message; malformed input is {@code INVALID_ARGUMENT} naming the message type. An empty
     * JSON body is read as the empty message.
     */
    public Message parse(Message prototype, byte[] bytes, Format format) throws StatusException {
        try {
            if (format == Format.PROTO) {
                return prototype.getParserForType().parseFrom(bytes);
            }
            Message.Builder builder = prototype.newBuilderForType();
            String json = new String(bytes, StandardCharsets.UTF_8);
            if (!json.isBlank()) {
                parser.merge(json, builder);
            }
            return builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports most malformed input as InvalidProtocolBufferException, a few cases (bad
            // numbers, bad base64) as runtime exceptions: all of them are the client's mistake.
            String what = format == Format.JSON ? "JSON" : "binary protobuf";
            throw Status.INVALID_ARGUMENT
                    .withDescription("malformed " + what + " for " + prototype.getDescriptorForType().getFullName()
                            + ": " + e.getMessage())
                    .asException();
        }
    }

    /** Writes a message; JSON is compact UTF-8 text. */
    public byte[] write(Message message, Format format) {
        if (format == Format.PROTO) {
            return message.toByteArray();
        }
        try {
            return printer.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Only an Any whose type is missing from the registry gets here: the service's own output.
            throw Status.INTERNAL.withDescription("cannot print " + message.getDescriptorForType().getFullName()
                    + " as JSON: " + e.getMessage()).asRuntimeException();
        }
    }
}

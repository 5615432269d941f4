package io.flyteservices.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/** Responses as protobuf JSON (camelCase field names, enums by name, defaults left out). */
final class JsonOutput {

    private static final JsonFormat.Printer PRETTY = JsonFormat.printer();
    private static final JsonFormat.Printer LINE = JsonFormat.printer().omittingInsignificantWhitespace();

    private JsonOutput() {
    }

    /** Indented, for one response. */
    static String pretty(MessageOrBuilder message) {
        return print(PRETTY, message);
    }

    /** On one line, for streams: one message per line. */
    static String line(MessageOrBuilder message) {
        return print(LINE, message);
    }

    private static String print(JsonFormat.Printer printer, MessageOrBuilder message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only an Any of an unknown type fails to print; the RunService messages carry none.
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }
}

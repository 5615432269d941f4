package io.flyteservices.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.phase.PhaseNames;
import io.flyteservices.error.Errors;
import io.flyteservices.status.ReportedStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane reads from a state an action's task puts (BEHAVIOR StateService): a NodeStatus-like JSON
 * object written by the SDK's controller. The state itself is the SDK's data and is stored whole; only these
 * top-level members are read, leniently (a member of an unexpected type or value counts as absent):
 * <ul>
 *   <li>{@code phase} (else {@code Phase}): a {@code flyteidl2.workflow.Phase} number ({@code 4}, also as a
 *       string) or name, with or without the prefix, in any case, underscores optional ({@code "PHASE_RUNNING"},
 *       {@code "RUNNING"}, {@code "running"}, {@code "TimedOut"}); {@code PHASE_UNSPECIFIED} counts as absent;</li>
 *   <li>{@code outputUri} (else {@code output_uri}, else {@code OutputURI}): a non-empty string;</li>
 *   <li>{@code error} (else {@code Error}): an object with {@code message} (a string) and the kind of failure in
 *       {@code kind} (else {@code code}): {@code "USER"}/{@code "SYSTEM"}, {@code "KIND_USER"}, a code such as
 *       {@code "USER:ValueError"}, or the number 1 (user) / 2 (system); anything else is an unspecified kind. A
 *       plain string is taken as the message.</li>
 * </ul>
 * Member names are exact; where a name appears twice the last one counts, as in PostgreSQL's {@code jsonb}.
 *
 * <p>The text must be one JSON object that PostgreSQL's {@code jsonb} accepts: strict JSON (no comments, no
 * trailing content), nesting at most 1000 deep, no {@code \u0000} or unpaired surrogate in any string, and numbers
 * within the range of {@code numeric} ({@link JsonbLimits}). Anything else is INVALID_ARGUMENT naming
 * {@code state}, so a bad state is refused before the database sees it.
 */
public record StateJson(Phase phase, String outputUri, ReportedStatus.Failure failure) {

    private static final List<String> PHASE_KEYS = List.of("phase", "Phase");
    private static final List<String> OUTPUT_URI_KEYS = List.of("outputUri", "output_uri", "OutputURI");
    private static final List<String> ERROR_KEYS = List.of("error", "Error");
    private static final List<String> MESSAGE_KEYS = List.of("message", "Message");
    private static final List<String> KIND_KEYS = List.of("kind", "Kind", "code", "Code");


    /** Checks {@code text} and reads its status members; InvalidArgument when it cannot be stored. */
    public static StateJson parse(String text) {
        try (JsonParser parser = JsonbLimits.JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw Errors.invalidField("state", "must be a JSON object, got " + describe(first));
            }
            Map<String, Scalar> scalars = new HashMap<>();
            Map<String, ReportedStatus.Failure> errors = new HashMap<>();
            readTopLevel(parser, scalars, errors);
            if (parser.nextToken() != null) {
                throw Errors.invalidField("state", "must be one JSON object, found more after it");
            }
            return new StateJson(phase(first(scalars, PHASE_KEYS)), outputUri(first(scalars, OUTPUT_URI_KEYS)),
                    first(errors, ERROR_KEYS));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw Errors.invalidField("state", "not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a state from memory", e);
        }
    }

    /** The status this state reports for {@code attempt}; empty when it carries no phase. */
    public Optional<ReportedStatus> status(int attempt) {
        return phase == null ? Optional.empty() : Optional.of(new ReportedStatus(attempt, phase, outputUri, failure));
    }

    /**
     * Reads the members of the top-level object (the parser is on its START_OBJECT) into {@code scalars} and
     * {@code errors} by name (null when unusable; a repeated name overwrites), checking everything else.
     */
    private static void readTopLevel(JsonParser parser, Map<String, Scalar> scalars,
                                     Map<String, ReportedStatus.Failure> errors) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = JsonbLimits.checkText(parser.currentName());
            JsonToken value = parser.nextToken();
            if (PHASE_KEYS.contains(name) || OUTPUT_URI_KEYS.contains(name)) {
                scalars.put(name, scalar(parser, value));
            } else if (ERROR_KEYS.contains(name)) {
                errors.put(name, failure(parser, value));
            } else {
                skipChecked(parser);
            }
        }
    }

    private static ReportedStatus.Failure failure(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String message = JsonbLimits.checkText(parser.getText());
            return new ReportedStatus.Failure(ErrorInfo.Kind.KIND_UNSPECIFIED, message);
        }
        if (value != JsonToken.START_OBJECT) {
            skipChecked(parser);
            return null;
        }
        Map<String, Scalar> fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = JsonbLimits.checkText(parser.currentName());
            JsonToken fieldValue = parser.nextToken();
            if (MESSAGE_KEYS.contains(name) || KIND_KEYS.contains(name)) {
                fields.put(name, scalar(parser, fieldValue));
            } else {
                skipChecked(parser);
            }
        }
        Scalar message = first(fields, MESSAGE_KEYS);
        ErrorInfo.Kind kind = ErrorInfo.Kind.KIND_UNSPECIFIED;
        for (String key : KIND_KEYS) {
            ErrorInfo.Kind k = kind(fields.get(key));
            if (k != ErrorInfo.Kind.KIND_UNSPECIFIED) {
                kind = k;
                break;
            }
        }
        return new ReportedStatus.Failure(kind, message != null && message.string() ? message.text() : "");
    }

    /** A string or number as its JSON text; null (after checking) for anything else. */
    private static Scalar scalar(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> new Scalar(true, JsonbLimits.checkText(parser.getText()));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    new Scalar(false, JsonbLimits.checkNumber(parser.getText()));
            default -> {
                skipChecked(parser);
                yield null;
            }
        };
    }

    /** Walks the value the parser is on, checking every name, string and number in it. */
    private static void skipChecked(JsonParser parser) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (true) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME, VALUE_STRING -> JsonbLimits.checkText(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonbLimits.checkNumber(parser.getText());
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        }
    }

    private static Phase phase(Scalar s) {
        if (s == null) {
            return null;
        }
        Phase phase = s.string() && !isInteger(s.text()) ? PhaseNames.parse(s.text()).orElse(null) : byNumber(s.text());
        return phase == Phase.PHASE_UNSPECIFIED ? null : phase;
    }

    private static Phase byNumber(String text) {
        if (text.length() > 32) {
            return null;
        }
        try {
            return Phase.forNumber(new BigDecimal(text.strip()).intValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            // Not a whole number of int range: not a phase (lenient, BEHAVIOR StateService).
            return null;
        }
    }

    private static boolean isInteger(String text) {
        return text.strip().matches("-?\\d{1,9}");
    }

    private static String outputUri(Scalar s) {
        return s != null && s.string() && !s.text().isEmpty() ? s.text() : null;
    }

    private static ErrorInfo.Kind kind(Scalar value) {
        if (value == null) {
            return ErrorInfo.Kind.KIND_UNSPECIFIED;
        }
        if (!value.string() || isInteger(value.text())) {
            return switch (value.text().strip()) {
                case "1" -> ErrorInfo.Kind.KIND_USER;
                case "2" -> ErrorInfo.Kind.KIND_SYSTEM;
                default -> ErrorInfo.Kind.KIND_UNSPECIFIED;
            };
        }
        String word = value.text().strip().toUpperCase(Locale.ROOT);
        word = word.startsWith("KIND_") ? word.substring("KIND_".length()) : word;
        int end = 0;
        while (end < word.length() && Character.isLetter(word.charAt(end))) {
            end++;
        }
        return switch (word.substring(0, end)) {
            case "USER" -> ErrorInfo.Kind.KIND_USER;
            case "SYSTEM" -> ErrorInfo.Kind.KIND_SYSTEM;
            default -> ErrorInfo.Kind.KIND_UNSPECIFIED;
        };
    }

    private static <V> V first(Map<String, V> members, List<String> keys) {
        for (String key : keys) {
            if (members.containsKey(key)) {
                return members.get(key);
            }
        }
        return null;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString();
        };
    }

    /** A member's string or number, as its JSON text (strings unquoted). */
    private record Scalar(boolean string, String text) {
    }
}

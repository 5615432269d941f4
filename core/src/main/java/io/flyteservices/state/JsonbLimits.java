package io.flyteservices.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.flyteservices.error.Errors;

/**
 * What PostgreSQL's {@code jsonb} stores beyond strict JSON's grammar, checked before the database sees a state so
 * that a state it would refuse is INVALID_ARGUMENT rather than a failed statement. {@code StateJsonTest} holds the
 * rules against a real server.
 */
final class JsonbLimits {

    /** Deepest nesting accepted (Jackson's default; PostgreSQL's own limit is far deeper). */
    static final int MAX_DEPTH = 1000;

    /**
     * Strict JSON (no comments, NaN or single quotes: Jackson's defaults) nested at most {@link #MAX_DEPTH} deep.
     * Numbers and strings are only measured, never converted, so their length needs no limit of its own.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    // numeric: at most 16383 digits after the decimal point, a leading digit below 10^131072, and an exponent
    // below INT_MAX / 2 (PostgreSQL's numeric.c, set_var_from_str and make_result).
    private static final long MAX_NUMERIC_SCALE = 16_383;
    private static final long MAX_NUMERIC_POWER = 131_071;
    private static final long MAX_NUMERIC_EXPONENT = Integer.MAX_VALUE / 2;

    private JsonbLimits() {
    }

    /** Refuses what {@code jsonb} cannot store in a string: {@code \u0000} and unpaired surrogates. */
    static String checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\0') {
                throw Errors.invalidField("state", "strings must not contain \\u0000");
            }
            if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw Errors.invalidField("state", "strings must not contain an unpaired surrogate (\\u"
                        + Integer.toHexString(ch) + ")");
            }
        }
        return text;
    }

    /**
     * Refuses a number outside PostgreSQL's {@code numeric} range. The text is a JSON number (the parser checked
     * the grammar: {@code -?int(.frac)?([eE][+-]?digits)?}); it is measured, never converted.
     */
    static String checkNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        int end = e < 0 ? text.length() : e;
        int dot = text.indexOf('.');
        int intEnd = dot < 0 ? end : dot;
        long exponent = e < 0 ? 0 : exponent(text.substring(e + 1));
        long scale = Math.max(0, (dot < 0 ? 0 : end - dot - 1) - exponent);
        // The decimal power of the leading non-zero digit; a zero has none.
        long power = 0;
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            if (ch >= '1' && ch <= '9') {
                power = (i < intEnd ? intEnd - 1 - i : intEnd - i) + exponent;
                break;
            }
        }
        if (Math.abs(exponent) >= MAX_NUMERIC_EXPONENT || scale > MAX_NUMERIC_SCALE || power > MAX_NUMERIC_POWER) {
            throw Errors.invalidField("state", "number out of range for PostgreSQL: "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        return text;
    }

    /** An exponent's value, saturated far beyond any accepted one. */
    private static long exponent(String digits) {
        boolean negative = digits.startsWith("-");
        String magnitude = digits.replaceFirst("^[+-]?0*", "");
        long value = magnitude.length() > 12 ? Long.MAX_VALUE / 2 : magnitude.isEmpty() ? 0 : Long.parseLong(magnitude);
        return negative ? -value : value;
    }
}

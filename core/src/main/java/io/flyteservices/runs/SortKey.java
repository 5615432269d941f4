package io.flyteservices.runs;

import io.flyteservices.store.ActionRow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The allow-list of sort keys: a fixed SQL expression, the cast its page-token value is bound with, and how
 * that value is read from a row. {@code ended_at} sorts unfinished actions as if they ended at infinity,
 * so keyset comparisons never meet a NULL.
 */
enum SortKey {
    CREATED_AT("created_at", "a.created_at", "timestamptz", r -> r.createdAt().toString()),
    UPDATED_AT("updated_at", "a.updated_at", "timestamptz", r -> r.updatedAt().toString()),
    ENDED_AT("ended_at", "COALESCE(a.ended_at, 'infinity'::timestamptz)", "timestamptz",
            r -> r.endedAt() == null ? "infinity" : r.endedAt().toString()),
    PHASE("phase", "a.phase", "int4", r -> Integer.toString(r.phase())),
    RUN_NAME("run_name", "a.run_name", "text", r -> r.key().run().name()),
    ACTION_NAME("action_name", "a.name", "text", r -> r.key().name());

    final String key;
    final String expression;
    final String cast;
    final Function<ActionRow, String> valueOf;

    SortKey(String key, String expression, String cast, Function<ActionRow, String> valueOf) {
        this.key = key;
        this.expression = expression;
        this.cast = cast;
        this.valueOf = valueOf;
    }

    /**
     * Whether {@code value}, read from a page token, is one {@link #valueOf} can produce, so that the database
     * can cast it: a tampered token must be refused as a bad request, not fail in PostgreSQL as INTERNAL.
     */
    boolean acceptsTokenValue(String value) {
        if (value.indexOf('\0') >= 0) {
            return false;  // PostgreSQL text cannot hold NUL: the server would reject the parameter
        }
        return switch (cast) {
            case "timestamptz" -> (this == ENDED_AT && value.equals("infinity")) || isInstant(value);
            case "int4" -> isInt(value);
            default -> true;
        };
    }

    private static boolean isInstant(String value) {
        try {
            int year = Instant.parse(value).atOffset(ZoneOffset.UTC).getYear();
            return year >= 1 && year <= 9999;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isInt(String value) {
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

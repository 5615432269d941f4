package io.flyteservices.runs;

import flyteidl2.common.Filter;
import flyteidl2.workflow.Phase;
import io.flyteservices.error.Errors;
import io.flyteservices.phase.PhaseNames;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The allow-list of fields ListRuns and ListActions filter on: each a fixed SQL expression on alias
 * {@code a} and a value kind that parses client strings. No client text ever reaches the SQL.
 */
enum ListField {
    PHASE("phase", "a.phase", Kind.PHASE),
    RUN_NAME("run_name", "a.run_name", Kind.TEXT),
    ACTION_NAME("action_name", "a.name", Kind.TEXT),
    SHORT_NAME("short_name", "a.short_name", Kind.TEXT),
    TASK_ORG("task_org", "a.task_org", Kind.TEXT),
    TASK_PROJECT("task_project", "a.task_project", Kind.TEXT),
    TASK_DOMAIN("task_domain", "a.task_domain", Kind.TEXT),
    TASK_NAME("task_name", "a.task_name", Kind.TEXT),
    TASK_VERSION("task_version", "a.task_version", Kind.TEXT),
    TASK_TYPE("task_type", "a.task_type", Kind.TEXT),
    PARENT("parent", "a.parent_name", Kind.TEXT),
    GROUP("group", "a.group_name", Kind.TEXT),
    CLUSTER("cluster", "a.cluster", Kind.TEXT),
    ATTEMPTS("attempts", "a.attempts", Kind.INTEGER),
    CREATED_AT("created_at", "a.created_at", Kind.TIMESTAMP),
    UPDATED_AT("updated_at", "a.updated_at", Kind.TIMESTAMP),
    ENDED_AT("ended_at", "a.ended_at", Kind.TIMESTAMP);

    /** How values of a field are parsed and which functions apply to it. */
    enum Kind {
        TEXT(EnumSet.allOf(Filter.Function.class)),
        PHASE(ordered()),
        INTEGER(ordered()),
        TIMESTAMP(ordered());

        private final Set<Filter.Function> functions;

        Kind(Set<Filter.Function> functions) {
            this.functions = functions;
            this.functions.remove(Filter.Function.UNRECOGNIZED);
        }

        private static Set<Filter.Function> ordered() {
            return EnumSet.of(Filter.Function.EQUAL, Filter.Function.NOT_EQUAL, Filter.Function.GREATER_THAN,
                    Filter.Function.GREATER_THAN_OR_EQUAL, Filter.Function.LESS_THAN,
                    Filter.Function.LESS_THAN_OR_EQUAL, Filter.Function.VALUE_IN);
        }
    }

    final String key;
    final String column;
    final Kind kind;

    ListField(String key, String column, Kind kind) {
        this.key = key;
        this.column = column;
        this.kind = kind;
    }

    /** Whether {@code function} can be applied to this field. */
    boolean accepts(Filter.Function function) {
        return kind.functions.contains(function);
    }

    /** Parses a client value for this field; InvalidArgument naming the field when it does not parse. */
    Object parse(String value, String where) {
        return switch (kind) {
            case TEXT -> parseText(value, where);
            case INTEGER -> parseInt(value, where);
            case PHASE -> parsePhase(value, where);
            case TIMESTAMP -> parseTimestamp(value, where);
        };
    }

    private static String parseText(String value, String where) {
        // PostgreSQL text cannot hold NUL and would reject the parameter: a bad request, not an INTERNAL.
        if (value.indexOf('\0') >= 0) {
            throw Errors.invalidField(where, "must not contain NUL characters");
        }
        return value;
    }

    private static Integer parseInt(String value, String where) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Errors.invalidField(where, "'" + value + "' is not an integer");
        }
    }

    private static Integer parsePhase(String value, String where) {
        return PhaseNames.parse(value).map(Phase::getNumber).orElseThrow(() -> Errors.invalidField(where, "'" + value
                + "' is not a phase (use a name like PHASE_RUNNING or RUNNING, or its number 0-8)"));
    }

    private static OffsetDateTime parseTimestamp(String value, String where) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                t = Instant.parse(value.trim()).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw Errors.invalidField(where, "'" + value + "' is not an RFC 3339 timestamp");
            }
        }
        // Years RFC 3339 can write (4 digits); PostgreSQL would refuse some of the others as out of range.
        int year = t.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            throw Errors.invalidField(where, "'" + value + "' is out of range (years 0001-9999)");
        }
        return t;
    }
}

package io.flyteservices.runs;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.common.Sort;
import io.flyteservices.error.Errors;
import io.flyteservices.model.PageToken;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.Query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link ListRequest} into one SQL fragment: scope, filters, keyset position, order and limit, all
 * from the fixed fragments of {@link ListField} and {@link SortKey}, every client value bound as a parameter.
 * Pages are keyset-based (stable under concurrent inserts; BEHAVIOR ListRuns, ours): the token holds the sort
 * values and id of the last row, and the id is the unique tiebreaker.
 */
final class ListQuery {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** What is being listed; decides what the field and sort key {@code name} mean. */
    enum Target {
        RUNS(ListField.RUN_NAME, SortKey.RUN_NAME),
        ACTIONS(ListField.ACTION_NAME, SortKey.ACTION_NAME);

        final ListField nameField;
        final SortKey nameKey;

        Target(ListField nameField, SortKey nameKey) {
            this.nameField = nameField;
            this.nameKey = nameKey;
        }
    }

    private record Order(SortKey key, boolean descending) {
        String signature() {
            return key.key + (descending ? "-" : "+");
        }
    }

    private final Target target;
    private final int limit;
    private final List<Order> order;
    private final StringBuilder where = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private ListQuery(Target target, int limit, List<Order> order) {
        this.target = target;
        this.limit = limit;
        this.order = order;
    }

    /** Root actions (runs) of an org. */
    static ListQuery runsOfOrg(ListRequest request, String org) {
        return of(Target.RUNS, request, "a.parent_name IS NULL AND a.org = ?", List.of(org));
    }

    /** Root actions (runs) of a project in a domain. */
    static ListQuery runsOfProject(ListRequest request, String org, String project, String domain) {
        return of(Target.RUNS, request, "a.parent_name IS NULL AND a.org = ? AND a.project = ? AND a.domain = ?",
                List.of(org, project, domain));
    }

    /** Root actions (runs) started by a trigger. */
    static ListQuery runsOfTrigger(ListRequest request, String org, String project, String domain, String name,
                                   String taskName) {
        return of(Target.RUNS, request, """
                a.parent_name IS NULL AND a.run_id IN (
                    SELECT r.id FROM runs r
                     WHERE r.org = ? AND r.project = ? AND r.domain = ? AND r.trigger_name = ?
                       AND r.trigger_task_name = ?)""", List.of(org, project, domain, name, taskName));
    }

    /** All actions of one run. */
    static ListQuery actionsOfRun(ListRequest request, long runId) {
        return of(Target.ACTIONS, request, "a.run_id = ?", List.of(runId));
    }

    /** Validates the request's limit, sort and filters, and starts a query with the given scope condition. */
    private static ListQuery of(Target target, ListRequest request, String scopeSql, List<Object> scopeParams) {
        ListQuery q = new ListQuery(target, limit(request), order(target, request));
        q.where.append(scopeSql);
        q.params.addAll(scopeParams);
        if (request.getRawFiltersCount() > 0) {
            throw Errors.invalidField("request.raw_filters", "raw filters are not supported; use filters");
        }
        for (int i = 0; i < request.getFiltersCount(); i++) {
            q.addFilter(request.getFilters(i), "request.filters[" + i + "]");
        }
        if (!request.getToken().isEmpty()) {
            q.addKeyset(PageToken.decode(request.getToken(), q.signature()));
        }
        return q;
    }

    /** Narrows the listing to these projects (a caller granted only some projects of the org). */
    void restrictToProjects(Set<String> projects) {
        where.append("\n  AND a.project = ANY(?)");
        params.add(projects.toArray(String[]::new));
    }

    int limit() {
        return limit;
    }

    /** The fragment after {@code FROM actions a}; fetches one row more than the page to know if more follow. */
    Query toQuery() {
        String orderBy = order.stream()
                .map(o -> o.key.expression + (o.descending ? " DESC" : " ASC"))
                .collect(Collectors.joining(", "));
        String idDirection = order.getLast().descending ? " DESC" : " ASC";
        List<Object> all = new ArrayList<>(params);
        all.add(limit + 1);
        return new Query("WHERE " + where + "\nORDER BY " + orderBy + ", a.id" + idDirection + "\nLIMIT ?", all);
    }

    /** The token for the page after {@code page}, or "" when {@code fetched} shows no more rows follow. */
    String nextToken(List<ActionRow> fetched) {
        if (fetched.size() <= limit) {
            return "";
        }
        ActionRow last = fetched.get(limit - 1);
        List<String> values = order.stream().map(o -> o.key.valueOf.apply(last)).toList();
        return new PageToken(signature(), values, last.id()).encode();
    }

    private String signature() {
        return target.name().toLowerCase(Locale.ROOT) + ":"
                + order.stream().map(Order::signature).collect(Collectors.joining(","));
    }

    private void addFilter(Filter filter, String where) {
        ListField field = field(filter.getField(), where + ".field");
        Filter.Function function = filter.getFunction();
        if (function == Filter.Function.UNRECOGNIZED || !field.accepts(function)) {
            throw Errors.invalidField(where + ".function", function + " cannot be applied to " + field.key);
        }
        List<String> values = filter.getValuesList();
        if (function == Filter.Function.VALUE_IN ? values.isEmpty() : values.size() != 1) {
            throw Errors.invalidField(where + ".values", function == Filter.Function.VALUE_IN
                    ? "VALUE_IN needs at least one value"
                    : function + " needs exactly one value, got " + values.size());
        }
        String column = field.column;
        String condition = switch (function) {
            case EQUAL -> column + " = ?";
            case NOT_EQUAL -> column + " IS DISTINCT FROM ?";
            case GREATER_THAN -> column + " > ?";
            case GREATER_THAN_OR_EQUAL -> column + " >= ?";
            case LESS_THAN -> column + " < ?";
            case LESS_THAN_OR_EQUAL -> column + " <= ?";
            case CONTAINS -> column + " LIKE '%' || ? || '%'";
            case CONTAINS_CASE_INSENSITIVE -> column + " ILIKE '%' || ? || '%'";
            case ENDS_WITH -> column + " LIKE '%' || ?";
            case NOT_ENDS_WITH -> "COALESCE(" + column + ", '') NOT LIKE '%' || ?";
            case VALUE_IN -> column + " = ANY(?)";
            case UNRECOGNIZED -> throw new IllegalStateException("unreachable");
        };
        this.where.append("\n  AND ").append(condition);
        switch (function) {
            case VALUE_IN -> params.add(arrayOf(field, values, where));
            case CONTAINS, CONTAINS_CASE_INSENSITIVE, ENDS_WITH, NOT_ENDS_WITH ->
                    params.add(likeEscaped(field.parse(values.getFirst(), where + ".values[0]").toString()));
            default -> params.add(field.parse(values.getFirst(), where + ".values[0]"));
        }
    }

    private void addKeyset(PageToken token) {
        if (token.sortValues().size() != order.size()) {
            throw Errors.invalidField("request.token", "not a page token issued by this service");
        }
        for (int i = 0; i < order.size(); i++) {
            if (!order.get(i).key.acceptsTokenValue(token.sortValues().get(i))) {
                throw Errors.invalidField("request.token", "not a page token issued by this service");
            }
        }
        if (order.stream().allMatch(o -> o.descending == order.getFirst().descending)) {
            // One direction: a row comparison, which PostgreSQL turns into an index range start (the OR form
            // below is only a filter, so a deep page would scan every row before it).
            String keys = order.stream().map(o -> o.key.expression).collect(Collectors.joining(", "));
            String values = order.stream().map(o -> "?::" + o.key.cast).collect(Collectors.joining(", "));
            where.append("\n  AND (").append(keys).append(", a.id) ")
                    .append(order.getFirst().descending ? "<" : ">").append(" (").append(values).append(", ?)");
            params.addAll(token.sortValues());
            params.add(token.lastId());
            return;
        }
        // Mixed directions: (k1 op v1) OR (k1 = v1 AND k2 op v2) OR ... OR (k1 = v1 AND ... AND id op last_id)
        List<String> alternatives = new ArrayList<>();
        List<Object> keysetParams = new ArrayList<>();
        for (int i = 0; i <= order.size(); i++) {
            StringBuilder alt = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                Order o = order.get(j);
                alt.append(o.key.expression).append(" = ?::").append(o.key.cast).append(" AND ");
                keysetParams.add(token.sortValues().get(j));
            }
            if (i < order.size()) {
                Order o = order.get(i);
                alt.append(o.key.expression).append(o.descending ? " < ?::" : " > ?::").append(o.key.cast);
                keysetParams.add(token.sortValues().get(i));
            } else {
                alt.append("a.id").append(order.getLast().descending ? " < ?" : " > ?");
                keysetParams.add(token.lastId());
            }
            alternatives.add(alt.append(")").toString());
        }
        where.append("\n  AND (").append(String.join(" OR ", alternatives)).append(")");
        params.addAll(keysetParams);
    }

    private ListField field(String name, String where) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("name")) {
            return target.nameField;
        }
        return Arrays.stream(ListField.values())
                .filter(f -> f.key.equals(key))
                .findFirst()
                .orElseThrow(() -> Errors.invalidField(where, "unknown field '" + name + "'; filterable fields: name, "
                        + Arrays.stream(ListField.values()).map(f -> f.key).collect(Collectors.joining(", "))));
    }

    private static Object arrayOf(ListField field, List<String> values, String where) {
        List<Object> parsed = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parsed.add(field.parse(values.get(i), where + ".values[" + i + "]"));
        }
        return switch (field.kind) {
            case TEXT -> parsed.stream().map(String.class::cast).toArray(String[]::new);
            case PHASE, INTEGER -> parsed.stream().map(Integer.class::cast).toArray(Integer[]::new);
            case TIMESTAMP -> throw Errors.invalidField(where + ".function", "VALUE_IN cannot be applied to "
                    + field.key);
        };
    }

    /** Escapes LIKE wildcards so a client's '%' or '_' matches itself (the default escape is backslash). */
    private static String likeEscaped(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static int limit(ListRequest request) {
        int limit = request.getLimit();
        if (limit == 0) {
            return DEFAULT_LIMIT;
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw Errors.invalidField("request.limit", "must be at most " + MAX_LIMIT + ", got "
                    + Integer.toUnsignedString(limit));
        }
        return limit;
    }

    @SuppressWarnings("deprecation")
    private static List<Order> order(Target target, ListRequest request) {
        List<Sort> sorts = new ArrayList<>(request.getSortByFieldsList());
        boolean deprecated = sorts.isEmpty() && request.hasSortBy();
        if (deprecated) {
            sorts.add(request.getSortBy());
        }
        if (sorts.isEmpty()) {
            return List.of(new Order(SortKey.CREATED_AT, true));
        }
        List<Order> order = new ArrayList<>();
        for (int i = 0; i < sorts.size(); i++) {
            Sort sort = sorts.get(i);
            String where = deprecated ? "request.sort_by" : "request.sort_by_fields[" + i + "]";
            if (sort.getDirection() == Sort.Direction.UNRECOGNIZED) {
                throw Errors.invalidField(where + ".direction", "unknown direction");
            }
            order.add(new Order(sortKey(target, sort.getKey(), where + ".key"),
                    sort.getDirection() == Sort.Direction.DESCENDING));
        }
        return order;
    }

    private static SortKey sortKey(Target target, String name, String where) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("name")) {
            return target.nameKey;
        }
        return Arrays.stream(SortKey.values())
                .filter(k -> k.key.equals(key))
                .findFirst()
                .orElseThrow(() -> Errors.invalidField(where, "cannot sort by '" + name + "'; sortable keys: name, "
                        + Arrays.stream(SortKey.values()).map(k -> k.key).collect(Collectors.joining(", "))));
    }
}

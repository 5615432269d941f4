package io.flyteservices.runs;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.common.Sort;
import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.PageToken;
import io.flyteservices.model.RunKey;
import io.flyteservices.store.ActionRow;
import io.flyteservices.store.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL ListRuns and ListActions run: fixed fragments only, every client value a bound parameter. */
class ListQueryTest {

    private static final String INJECTION = "x'); DROP TABLE runs; --";

    private static ListRequest.Builder request() {
        return ListRequest.newBuilder();
    }

    private static Filter filter(String field, Filter.Function function, String... values) {
        return Filter.newBuilder().setField(field).setFunction(function).addAllValues(List.of(values)).build();
    }

    private static Sort sort(String key, Sort.Direction direction) {
        return Sort.newBuilder().setKey(key).setDirection(direction).build();
    }

    private static Query project(ListRequest.Builder request) {
        return ListQuery.runsOfProject(request.build(), "", "proj", "development").toQuery();
    }

    @Test
    void shouldScopeToRootActionsOfProjectNewestFirstWhenRequestIsEmpty() {
        Query q = project(request());

        assertThat(q.sql()).isEqualTo("""
                WHERE a.parent_name IS NULL AND a.org = ? AND a.project = ? AND a.domain = ?
                ORDER BY a.created_at DESC, a.id DESC
                LIMIT ?""");
        assertThat(q.params()).containsExactly("", "proj", "development", ListQuery.DEFAULT_LIMIT + 1);
    }

    @Test
    void shouldScopeToRunWhenListingActions() {
        Query q = ListQuery.actionsOfRun(request().build(), 77L).toQuery();

        assertThat(q.sql()).startsWith("WHERE a.run_id = ?\n");
        assertThat(q.params()).containsExactly(77L, ListQuery.DEFAULT_LIMIT + 1);
    }

    @Test
    void shouldBindTriggerScopeValuesWhenListingRunsOfTrigger() {
        Query q = ListQuery.runsOfTrigger(request().build(), "o", "p", "d", INJECTION, "t").toQuery();

        assertThat(q.sql()).doesNotContain(INJECTION).contains("r.trigger_name = ?");
        assertThat(q.params()).containsExactly("o", "p", "d", INJECTION, "t", ListQuery.DEFAULT_LIMIT + 1);
    }

    @Test
    void shouldNeverPutFilterValuesIntoSqlWhenEveryFunctionIsUsed() {
        List<Filter> filters = new ArrayList<>();
        for (Filter.Function f : Filter.Function.values()) {
            if (f != Filter.Function.UNRECOGNIZED) {
                filters.add(f == Filter.Function.VALUE_IN
                        ? filter("run_name", f, INJECTION, INJECTION + "2")
                        : filter("run_name", f, INJECTION));
            }
        }

        Query q = project(request().addAllFilters(filters));

        assertThat(q.sql()).doesNotContain("DROP").doesNotContain("'x").doesNotContain("--");
        long placeholders = q.sql().chars().filter(c -> c == '?').count();
        assertThat(placeholders).isEqualTo(q.params().size());
        assertThat(q.params()).contains(INJECTION, "x'); DROP TABLE runs; --");
        assertThat(q.params()).anySatisfy(p -> assertThat(p).isEqualTo(new String[]{INJECTION, INJECTION + "2"}));
    }

    @Test
    void shouldUseFixedConditionWhenFilteringWithEachFunction() {
        assertThat(project(request().addFilters(filter("phase", Filter.Function.EQUAL, "RUNNING"))).sql())
                .contains("AND a.phase = ?");
        assertThat(project(request().addFilters(filter("phase", Filter.Function.NOT_EQUAL, "RUNNING"))).sql())
                .contains("AND a.phase IS DISTINCT FROM ?");
        assertThat(project(request().addFilters(filter("attempts", Filter.Function.GREATER_THAN, "1"))).sql())
                .contains("AND a.attempts > ?");
        assertThat(project(request().addFilters(filter("attempts", Filter.Function.LESS_THAN_OR_EQUAL, "1"))).sql())
                .contains("AND a.attempts <= ?");
        assertThat(project(request().addFilters(filter("name", Filter.Function.CONTAINS, "x"))).sql())
                .contains("AND a.run_name LIKE '%' || ? || '%'");
        assertThat(project(request().addFilters(filter("name", Filter.Function.CONTAINS_CASE_INSENSITIVE, "x")))
                .sql()).contains("AND a.run_name ILIKE '%' || ? || '%'");
        assertThat(project(request().addFilters(filter("name", Filter.Function.ENDS_WITH, "x"))).sql())
                .contains("AND a.run_name LIKE '%' || ?");
        assertThat(project(request().addFilters(filter("group", Filter.Function.NOT_ENDS_WITH, "x"))).sql())
                .contains("AND COALESCE(a.group_name, '') NOT LIKE '%' || ?");
        assertThat(project(request().addFilters(filter("phase", Filter.Function.VALUE_IN, "1", "2"))).sql())
                .contains("AND a.phase = ANY(?)");
    }

    @Test
    void shouldMapNameToActionNameWhenListingActions() {
        Query q = ListQuery.actionsOfRun(request().addFilters(filter("NAME", Filter.Function.EQUAL, "c1"))
                .addSortByFields(sort("name", Sort.Direction.ASCENDING)).build(), 1L).toQuery();

        assertThat(q.sql()).contains("AND a.name = ?").contains("ORDER BY a.name ASC, a.id ASC");
    }

    @Test
    void shouldParsePhaseWhenGivenByNameShortNameOrNumber() {
        for (String value : List.of("PHASE_RUNNING", "running", "RUNNING", "4", " 4 ")) {
            assertThat(project(request().addFilters(filter("phase", Filter.Function.EQUAL, value))).params())
                    .as(value).contains(4);
        }
        assertThat(project(request().addFilters(filter("phase", Filter.Function.VALUE_IN, "QUEUED", "7"))).params())
                .anySatisfy(p -> assertThat(p).isEqualTo(new Integer[]{1, 7}));
    }

    @Test
    void shouldParseTimestampWhenValueIsRfc3339() {
        Query q = project(request().addFilters(filter("created_at", Filter.Function.GREATER_THAN,
                "2025-03-04T05:06:07.5+02:00")));

        assertThat(q.sql()).contains("AND a.created_at > ?");
        assertThat(q.params()).contains(OffsetDateTime.parse("2025-03-04T05:06:07.5+02:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "", "9", "-1", "99999999999", "PHASE_", "UNRECOGNIZED", "1; DROP TABLE runs"})
    void shouldRejectPhaseValueWhenItIsNoPhase(String value) {
        assertThatThrownBy(() -> project(request().addFilters(filter("phase", Filter.Function.EQUAL, value))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[0]: ");
    }

    @Test
    void shouldRejectValueWhenItDoesNotParseForItsField() {
        assertThatThrownBy(() -> project(request().addFilters(filter("created_at", Filter.Function.GREATER_THAN,
                "yesterday"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[0]: ")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> project(request().addFilters(filter("attempts", Filter.Function.EQUAL, "1"))
                .addFilters(filter("attempts", Filter.Function.VALUE_IN, "1", "two"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[1].values[1]: ");
    }

    @Test
    void shouldRejectValueWhenPostgresCouldNotTakeIt() {
        // Refused here as INVALID_ARGUMENT: PostgreSQL would reject them, which surfaces as INTERNAL.
        assertThatThrownBy(() -> project(request().addFilters(filter("name", Filter.Function.EQUAL, "a\u0000b"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[0]: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("name", Filter.Function.CONTAINS, "\u0000"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[0]: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("name", Filter.Function.VALUE_IN, "a",
                "\u0000"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[1]: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("created_at", Filter.Function.LESS_THAN,
                "+999999-01-01T00:00:00Z"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values[0]: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"phase; DROP TABLE runs", "a.phase", "phase --", "1=1", "run_name OR 1=1", "\"phase\"",
            "spec", "id", "org", "", "created_at)", "phase\u00a0x"})
    void shouldRejectFieldWhenItIsNotOnTheAllowList(String field) {
        assertThatThrownBy(() -> project(request().addFilters(filter("name", Filter.Function.EQUAL, "x"))
                .addFilters(filter(field, Filter.Function.EQUAL, "x"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[1].field: ")
                .hasMessageContaining("unknown field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_at; DROP TABLE runs", "created_at DESC", "a.id", "random()", "1", "spec", ""})
    void shouldRejectSortKeyWhenItIsNotOnTheAllowList(String key) {
        assertThatThrownBy(() -> project(request().addSortByFields(sort(key, Sort.Direction.ASCENDING))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.sort_by_fields[0].key: ");
    }

    @Test
    void shouldRejectFunctionWhenFieldKindDoesNotSupportIt() {
        assertThatThrownBy(() -> project(request().addFilters(filter("phase", Filter.Function.CONTAINS, "RUN"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].function: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("created_at", Filter.Function.VALUE_IN,
                "2025-01-01T00:00:00Z"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("request.filters[0]");
        assertThatThrownBy(() -> project(request().addFilters(Filter.newBuilder().setField("phase")
                .setFunctionValue(99).addValues("1"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].function: ");
    }

    @Test
    void shouldRejectFilterWhenValueCountDoesNotFitFunction() {
        assertThatThrownBy(() -> project(request().addFilters(filter("phase", Filter.Function.VALUE_IN))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("phase", Filter.Function.EQUAL))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values: ");
        assertThatThrownBy(() -> project(request().addFilters(filter("phase", Filter.Function.EQUAL, "1", "2"))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.filters[0].values: ");
    }

    @Test
    void shouldRejectRawFiltersWhenPresent() {
        assertThatThrownBy(() -> project(request().addRawFilters("phase = 4")))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.raw_filters: ");
    }

    @Test
    void shouldEscapeLikeWildcardsWhenMatchingText() {
        Query q = project(request().addFilters(filter("name", Filter.Function.CONTAINS, "50%_off\\x")));

        assertThat(q.params()).contains("50\\%\\_off\\\\x");
        assertThat(project(request().addFilters(filter("short_name", Filter.Function.ENDS_WITH, "%"))).params())
                .contains("\\%");
        assertThat(project(request().addFilters(filter("short_name", Filter.Function.EQUAL, "a%_b"))).params())
                .as("EQUAL compares literally, no escaping").contains("a%_b");
    }

    @Test
    void shouldApplyLimitRulesWhenLimitIsGiven() {
        assertThat(ListQuery.runsOfOrg(request().setLimit(0).build(), "").limit()).isEqualTo(50);
        assertThat(ListQuery.runsOfOrg(request().setLimit(1).build(), "").limit()).isEqualTo(1);
        assertThat(ListQuery.runsOfOrg(request().setLimit(200).build(), "").limit()).isEqualTo(200);
        assertThat(ListQuery.runsOfOrg(request().setLimit(200).build(), "").toQuery().params()).endsWith(201);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 500, Integer.MAX_VALUE, -1})
    void shouldRejectLimitWhenItIsAboveTwoHundred(int limit) {
        assertThatThrownBy(() -> ListQuery.runsOfOrg(request().setLimit(limit).build(), ""))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.limit: ")
                .hasMessageContaining(Integer.toUnsignedString(limit));
    }

    @Test
    void shouldOrderByEveryKeyThenIdWhenSortingByFields() {
        Query q = project(request()
                .addSortByFields(sort("phase", Sort.Direction.ASCENDING))
                .addSortByFields(sort("ended_at", Sort.Direction.DESCENDING)));

        assertThat(q.sql()).endsWith(
                "ORDER BY a.phase ASC, COALESCE(a.ended_at, 'infinity'::timestamptz) DESC, a.id DESC\nLIMIT ?");
    }

    @SuppressWarnings("deprecation")
    @Test
    void shouldUseDeprecatedSortByWhenNoSortFieldsAreGiven() {
        Query q = project(request().setSortBy(sort("name", Sort.Direction.ASCENDING)));
        Query both = project(request().setSortBy(sort("name", Sort.Direction.ASCENDING))
                .addSortByFields(sort("phase", Sort.Direction.DESCENDING)));

        assertThat(q.sql()).contains("ORDER BY a.run_name ASC, a.id ASC");
        assertThat(both.sql()).as("sort_by_fields wins").contains("ORDER BY a.phase DESC, a.id DESC");
    }

    @SuppressWarnings("deprecation")
    @Test
    void shouldNameDeprecatedSortByWhenItsKeyIsUnknown() {
        assertThatThrownBy(() -> project(request().setSortBy(sort("colour", Sort.Direction.ASCENDING))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.sort_by.key: ")
                .hasMessageContaining("colour");
    }

    @Test
    void shouldRejectSortDirectionWhenItIsUnknown() {
        assertThatThrownBy(() -> project(request().addSortByFields(Sort.newBuilder().setKey("name")
                .setDirectionValue(5))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.sort_by_fields[0].direction: ");
    }

    @Test
    void shouldBuildKeysetConditionWhenDirectionsAreMixed() {
        ListRequest.Builder sorted = request().setLimit(2)
                .addSortByFields(sort("phase", Sort.Direction.ASCENDING))
                .addSortByFields(sort("created_at", Sort.Direction.DESCENDING));
        Instant t = Instant.parse("2025-01-02T03:04:05.123456Z");
        String token = ListQuery.runsOfProject(sorted.build(), "", "proj", "development")
                .nextToken(List.of(row(10, "r1", t, 1), row(11, "r2", t, 4), row(12, "r3", t, 5)));

        Query q = project(sorted.setToken(token));

        assertThat(q.sql()).isEqualTo("""
                WHERE a.parent_name IS NULL AND a.org = ? AND a.project = ? AND a.domain = ?
                  AND ((a.phase > ?::int4) OR (a.phase = ?::int4 AND a.created_at < ?::timestamptz) \
                OR (a.phase = ?::int4 AND a.created_at = ?::timestamptz AND a.id < ?))
                ORDER BY a.phase ASC, a.created_at DESC, a.id DESC
                LIMIT ?""");
        assertThat(q.params()).containsExactly("", "proj", "development",
                "4", "4", t.toString(), "4", t.toString(), 11L, 3);
    }

    @Test
    void shouldCompareIdAscendingWhenLastKeyIsAscending() {
        ListRequest.Builder sorted = request().setLimit(1).addSortByFields(sort("name", Sort.Direction.ASCENDING));
        String token = ListQuery.runsOfProject(sorted.build(), "", "proj", "development")
                .nextToken(List.of(row(5, "alpha", Instant.EPOCH, 1), row(6, "beta", Instant.EPOCH, 1)));

        Query q = project(sorted.setToken(token));

        assertThat(q.sql()).contains("AND (a.run_name, a.id) > (?::text, ?)");
        assertThat(q.params()).containsSubsequence("alpha", 5L);
    }

    @Test
    void shouldStartTheIndexRangeAtTheTokenWhenAllKeysShareADirection() {
        ListRequest.Builder newest = request().setLimit(1);
        Instant t = Instant.parse("2025-01-02T03:04:05.123456Z");
        String token = ListQuery.runsOfProject(newest.build(), "", "proj", "development")
                .nextToken(List.of(row(9, "r1", t, 1), row(8, "r2", t, 1)));

        Query q = project(newest.setToken(token));

        assertThat(q.sql()).isEqualTo("""
                WHERE a.parent_name IS NULL AND a.org = ? AND a.project = ? AND a.domain = ?
                  AND (a.created_at, a.id) < (?::timestamptz, ?)
                ORDER BY a.created_at DESC, a.id DESC
                LIMIT ?""");
        assertThat(q.params()).containsExactly("", "proj", "development", t.toString(), 9L, 2);
    }

    @Test
    void shouldIssueNoTokenWhenNoMoreRowsFollow() {
        ListQuery q = ListQuery.runsOfProject(request().setLimit(2).build(), "", "proj", "development");

        assertThat(q.nextToken(List.of())).isEmpty();
        assertThat(q.nextToken(List.of(row(1, "a", Instant.EPOCH, 1), row(2, "b", Instant.EPOCH, 1)))).isEmpty();
    }

    @Test
    void shouldIssueTokenForLastRowOfPageWhenMoreRowsFollow() {
        ListQuery q = ListQuery.runsOfProject(request().setLimit(2).build(), "", "proj", "development");
        Instant second = Instant.parse("2025-06-01T00:00:00Z");

        String token = q.nextToken(List.of(row(3, "c", Instant.now(), 1), row(2, "b", second, 1),
                row(1, "a", Instant.EPOCH, 1)));

        PageToken decoded = PageToken.decode(token, "runs:created_at-");
        assertThat(decoded.sortValues()).containsExactly(second.toString());
        assertThat(decoded.lastId()).isEqualTo(2L);
    }

    @Test
    void shouldRoundTripEndedAtTokenWhenActionHasNotEnded() {
        ListRequest.Builder sorted = request().setLimit(1).addSortByFields(sort("ended_at", Sort.Direction.ASCENDING));
        String token = ListQuery.actionsOfRun(sorted.build(), 1L)
                .nextToken(List.of(row(5, "a", Instant.EPOCH, 1), row(6, "b", Instant.EPOCH, 1)));

        Query q = ListQuery.actionsOfRun(sorted.setToken(token).build(), 1L).toQuery();

        assertThat(q.params()).contains("infinity", 5L);
    }

    @Test
    void shouldRejectTokenWhenSortOrderDiffers() {
        String byName = ListQuery.runsOfProject(request().setLimit(1)
                        .addSortByFields(sort("name", Sort.Direction.ASCENDING)).build(), "", "proj", "development")
                .nextToken(List.of(row(1, "a", Instant.EPOCH, 1), row(2, "b", Instant.EPOCH, 1)));

        assertThatThrownBy(() -> project(request().setToken(byName)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
        assertThatThrownBy(() -> project(request().setToken(byName)
                .addSortByFields(sort("name", Sort.Direction.DESCENDING))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
    }

    @Test
    void shouldRejectTokenWhenItWasIssuedForActionsNotRuns() {
        String actions = ListQuery.actionsOfRun(request().setLimit(1).build(), 1L)
                .nextToken(List.of(row(1, "a", Instant.EPOCH, 1), row(2, "b", Instant.EPOCH, 1)));

        assertThatThrownBy(() -> project(request().setToken(actions)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
    }

    @Test
    void shouldRejectTokenWhenItCarriesTheWrongNumberOfSortValues() {
        String token = new PageToken("runs:created_at-", List.of("2025-01-01T00:00:00Z", "extra"), 1L).encode();

        assertThatThrownBy(() -> project(request().setToken(token)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
    }

    @Test
    void shouldRejectTokenWhenSortValueDoesNotFitItsKey() {
        // A hand-made token with a value the database cannot cast must be refused here, as INVALID_ARGUMENT,
        // not reach PostgreSQL and come back as INTERNAL.
        String time = new PageToken("runs:created_at-", List.of("not a time'; DROP TABLE runs; --"), 1L).encode();
        String phase = new PageToken("runs:phase+", List.of("four"), 1L).encode();
        String farFuture = new PageToken("runs:created_at-", List.of("+999999-01-01T00:00:00Z"), 1L).encode();
        String nul = new PageToken("runs:run_name+", List.of("a\u0000"), 1L).encode();
        String infinity = new PageToken("runs:created_at-", List.of("infinity"), 1L).encode();

        assertThatThrownBy(() -> project(request().setToken(time)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
        assertThatThrownBy(() -> project(request().setToken(phase)
                .addSortByFields(sort("phase", Sort.Direction.ASCENDING))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
        assertThatThrownBy(() -> project(request().setToken(farFuture)))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
        assertThatThrownBy(() -> project(request().setToken(nul)
                .addSortByFields(sort("name", Sort.Direction.ASCENDING))))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
        assertThatThrownBy(() -> project(request().setToken(infinity)))
                .as("only ended_at sorts unfinished rows at infinity")
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
    }

    @Test
    void shouldRejectGarbageTokenWhenListing() {
        assertThatThrownBy(() -> project(request().setToken("garbage!")))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("request.token: ");
    }

    static ActionRow row(long id, String runName, Instant createdAt, int phase) {
        RunKey run = new RunKey("", "proj", "development", runName);
        return new ActionRow(id, id, new ActionKey(run, "a0"), null, "", 1, phase, 0, 0, new byte[0], "in", "out",
                "", null, null, null, null, null, createdAt, createdAt, null, 0);
    }
}

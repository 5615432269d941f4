package io.flyteservices.store;

import flyteidl2.common.Filter;
import flyteidl2.common.ListRequest;
import flyteidl2.common.Sort;
import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our stand-in for sqlc's checks (STYLE, SQL): the server parses every statement of every {@code …Sql} class on
 * the migrated schema, and every kind of listing {@code runs.ListQuery} builds, so a typo fails the build.
 */
class SqlCatalogTest {

    /** The statement catalogs; any other {@code *Sql} class compiled into this package is found and added. */
    private static final List<Class<?>> CATALOGS = List.of(RunSql.class, ActionSql.class, AttemptSql.class,
            QueueSql.class);
    private static final Set<String> VERBS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH");

    static Stream<Arguments> statements() {
        List<Arguments> all = new ArrayList<>();
        for (Class<?> catalog : catalogs()) {
            for (Field field : catalog.getDeclaredFields()) {
                int m = field.getModifiers();
                // Private constants are fragments the statements are composed of, parsed as part of them.
                if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || Modifier.isPrivate(m)
                        || field.getType() != String.class) {
                    continue;
                }
                String sql = read(field);
                if (isStatement(sql)) {
                    all.add(Arguments.of(catalog.getSimpleName() + "." + field.getName(), sql));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void shouldBeParsedByPostgresWhenStatementIsPrepared(String name, String sql) throws SQLException {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            assertThatCode(ps::getParameterMetaData).as(name).doesNotThrowAnyException();
            assertThat(ps.getParameterMetaData().getParameterCount()).as("parameters of %s", name)
                    .isEqualTo(placeholders(sql));
        }
    }

    @Test
    void shouldFailWhenStatementNamesAColumnTheSchemaLacks() throws SQLException {
        // The check itself must be able to fail: describing is a server round trip, not a client-side parse.
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.no_such_column FROM actions a WHERE a.id = ?")) {
            assertThatThrownBy(ps::getParameterMetaData).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_column");
        }
    }

    @Test
    void shouldFindStatementsInEveryCatalogWhenScanningConstants() {
        Map<String, Long> perCatalog = new LinkedHashMap<>();
        statements().forEach(a -> perCatalog.merge(((String) a.get()[0]).split("\\.")[0], 1L, Long::sum));

        assertThat(perCatalog.keySet()).containsAll(CATALOGS.stream().map(Class::getSimpleName).toList());
        assertThat(perCatalog.values()).allSatisfy(n -> assertThat(n).isPositive());
    }

    static Stream<Arguments> listings() {
        return ListQueries.representative().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void shouldBeRunByPostgresWhenListQueryBuildsIt(String name, Query query) throws SQLException {
        String sql = read(field(ActionSql.class, "SELECT_ACTIONS")) + query.sql();
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            assertThat(ps.getParameterMetaData().getParameterCount()).as(name).isEqualTo(query.params().size());
            query.bind(c, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.getMetaData().getColumnCount()).as(name).isPositive();
            }
        }
    }

    @Test
    void shouldCoverEveryFieldAndSortKeyWhenBuildingRepresentativeListings() {
        Map<String, Query> listings = ListQueries.representative();

        for (Object field : ListQueries.enumConstants("ListField")) {
            assertThat(listings.keySet()).as("listings").anyMatch(k -> k.contains("filter " + ListQueries.key(field)));
        }
        for (Object key : ListQueries.enumConstants("SortKey")) {
            assertThat(listings.keySet()).as("listings").anyMatch(k -> k.contains("sort " + ListQueries.key(key)));
        }
    }

    private static boolean isStatement(String sql) {
        String first = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        return VERBS.contains(first);
    }

    private static long placeholders(String sql) {
        return sql.chars().filter(ch -> ch == '?').count();
    }

    private static Set<Class<?>> catalogs() {
        Set<Class<?>> all = new LinkedHashSet<>(CATALOGS);
        try {
            Path dir = Path.of(ActionSql.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(ActionSql.class.getPackageName().replace('.', '/'));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.map(Path::getFileName).toList()) {
                        String file = f.toString();
                        if (file.endsWith("Sql.class") && !file.contains("$")) {
                            all.add(Class.forName(ActionSql.class.getPackageName() + "."
                                    + file.substring(0, file.length() - ".class".length())));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    private static Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds {@code runs.ListQuery} listings through reflection: the class is package-private in {@code runs}. */
    private static final class ListQueries {

        private static final String PACKAGE = "io.flyteservices.runs.";

        static Map<String, Query> representative() {
            Map<String, Query> all = new LinkedHashMap<>();
            ListRequest empty = ListRequest.getDefaultInstance();
            all.put("org scope", toQuery(invoke("runsOfOrg", empty, "")));
            all.put("project scope", toQuery(invoke("runsOfProject", empty, "", "p", "d")));
            all.put("trigger scope", toQuery(invoke("runsOfTrigger", empty, "", "p", "d", "t", "task")));
            all.put("run scope", toQuery(invoke("actionsOfRun", empty, 1L)));
            for (Object field : enumConstants("ListField")) {
                for (Filter.Function function : Filter.Function.values()) {
                    if (function == Filter.Function.UNRECOGNIZED || !accepts(field, function)) {
                        continue;
                    }
                    Filter.Builder filter = Filter.newBuilder().setField(key(field)).setFunction(function)
                            .addValues(value(field));
                    if (function == Filter.Function.VALUE_IN) {
                        filter.addValues(value(field));
                    }
                    ListRequest request = ListRequest.newBuilder().addFilters(filter).build();
                    try {
                        all.put("filter " + key(field) + " " + function,
                                toQuery(invoke("runsOfProject", request, "", "p", "d")));
                    } catch (ControlPlaneException.InvalidArgument e) {
                        // e.g. VALUE_IN on a timestamp: refused before any SQL exists, nothing to check.
                    }
                }
            }
            for (Object key : enumConstants("SortKey")) {
                for (Sort.Direction direction : List.of(Sort.Direction.ASCENDING, Sort.Direction.DESCENDING)) {
                    ListRequest sorted = ListRequest.newBuilder().setLimit(1)
                            .addSortByFields(Sort.newBuilder().setKey(key(key)).setDirection(direction)).build();
                    for (boolean ended : List.of(true, false)) {
                        String token = nextToken(invoke("actionsOfRun", sorted, 1L), ended);
                        all.put("sort " + key(key) + " " + direction + (ended ? "" : " unfinished") + " page 2",
                                toQuery(invoke("actionsOfRun", sorted.toBuilder().setToken(token).build(), 1L)));
                    }
                }
            }
            ListRequest mixed = ListRequest.newBuilder().setLimit(1)
                    .addSortByFields(Sort.newBuilder().setKey("phase").setDirection(Sort.Direction.ASCENDING))
                    .addSortByFields(Sort.newBuilder().setKey("ended_at").setDirection(Sort.Direction.DESCENDING))
                    .addSortByFields(Sort.newBuilder().setKey("name").setDirection(Sort.Direction.ASCENDING))
                    .addFilters(Filter.newBuilder().setField("name").setFunction(Filter.Function.CONTAINS)
                            .addValues("%_"))
                    .build();
            String token = nextToken(invoke("runsOfOrg", mixed, ""), true);
            all.put("mixed sort with filter page 2",
                    toQuery(invoke("runsOfOrg", mixed.toBuilder().setToken(token).build(), "")));
            return all;
        }

        static List<Object> enumConstants(String simpleName) {
            return List.of(load(simpleName).getEnumConstants());
        }

        static String key(Object constant) {
            return (String) get(constant, "key");
        }

        private static boolean accepts(Object field, Filter.Function function) {
            return (boolean) call(field, "accepts", new Class<?>[]{Filter.Function.class}, function);
        }

        private static String value(Object field) {
            return switch (get(field, "kind").toString()) {
                case "PHASE" -> "RUNNING";
                case "INTEGER" -> "1";
                case "TIMESTAMP" -> "2025-01-02T03:04:05.123456Z";
                default -> "x%_y";
            };
        }

        private static Object invoke(String factory, Object... args) {
            Class<?>[] types = switch (factory) {
                case "runsOfOrg" -> new Class<?>[]{ListRequest.class, String.class};
                case "runsOfProject" -> new Class<?>[]{ListRequest.class, String.class, String.class, String.class};
                case "runsOfTrigger" -> new Class<?>[]{ListRequest.class, String.class, String.class, String.class,
                        String.class, String.class};
                case "actionsOfRun" -> new Class<?>[]{ListRequest.class, long.class};
                default -> throw new IllegalArgumentException(factory);
            };
            return call(null, factory, types, args);
        }

        private static Query toQuery(Object listQuery) {
            return (Query) call(listQuery, "toQuery", new Class<?>[0]);
        }

        private static String nextToken(Object listQuery, boolean ended) {
            Instant t = Instant.parse("2025-01-02T03:04:05.123456Z");
            List<ActionRow> rows = new ArrayList<>();
            for (long id = 1; id <= 2; id++) {
                rows.add(new ActionRow(id, 1L, new ActionKey(new RunKey("", "p", "d", "r" + id), "a" + id), null, "",
                        1, 4, 1, 0, new byte[0], "in", "out", "", null, null, null, null, null, t, t,
                        ended ? t : null, 0));
            }
            return (String) call(listQuery, "nextToken", new Class<?>[]{List.class}, rows);
        }

        private static Class<?> load(String simpleName) {
            try {
                return Class.forName(PACKAGE + simpleName);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object get(Object constant, String name) {
            try {
                Field f = constant.getClass().getDeclaredField(name);
                f.setAccessible(true);
                return f.get(constant);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object call(Object target, String name, Class<?>[] types, Object... args) {
            try {
                Class<?> type = target == null ? load("ListQuery") : target.getClass();
                Method m = type.getDeclaredMethod(name, types);
                m.setAccessible(true);
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

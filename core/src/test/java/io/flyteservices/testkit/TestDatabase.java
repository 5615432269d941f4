package io.flyteservices.testkit;

import io.flyteservices.store.Migrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only way tests reach a database (DESIGN §7): a real PostgreSQL from {@code FLYTE_TEST_DATABASE_URL}
 * (CI starts the machine's server and sets it), else a Testcontainers container where a Docker engine exists,
 * else an embedded PostgreSQL started once per test JVM. Each JVM gets its own freshly created database,
 * migrated by the same Flyway files as production; tests share it and keep apart by unique names.
 */
public final class TestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    public static final String URL_VARIABLE = "FLYTE_TEST_DATABASE_URL";

    private static TestDatabase instance;

    private final String jdbcUrl;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.dataSource = new PGSimpleDataSource();
        this.dataSource.setURL(jdbcUrl);
    }

    /** The shared test database, created and migrated on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = create(server());
        }
        return instance;
    }

    /** A JDBC URL with credentials, for the application under test. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Micronaut properties that point an application context at this database. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("datasources.default.url", jdbcUrl);
        p.put("datasources.default.maximum-pool-size", 8);
        return p;
    }

    private static TestDatabase create(String serverUrl) {
        String name = "flyte_test_" + ProcessHandle.current().pid() + "_"
                + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(serverUrl);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + redact(serverUrl), e);
        }
        TestDatabase db = new TestDatabase(withDatabase(serverUrl, name));
        new Migrator(db.dataSource).migrate();
        LOG.info("test database ready name={}", name);
        return db;
    }

    private static String server() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            return container.getJdbcUrl() + "&user=" + container.getUsername() + "&password=" + container.getPassword();
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    LOG.debug("embedded postgres stop failed", e);
                }
            }));
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL; set " + URL_VARIABLE, e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Replaces the database name of a JDBC URL (jdbc:postgresql://host:port/db?params). */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return hostPart + "/" + database + params;
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}

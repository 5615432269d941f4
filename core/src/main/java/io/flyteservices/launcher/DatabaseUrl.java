package io.flyteservices.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A database location as given by a user: a JDBC URL ({@code jdbc:postgresql://...}, credentials as query
 * parameters) or a libpq-style URL ({@code postgres://user:password@host:port/db}).
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {

    static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, null, null);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new DatabaseUrl("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
        }
        throw new IllegalArgumentException("database URL must start with jdbc:postgresql:, postgres:// or "
                + "postgresql://, got '" + url.replaceAll("//[^@/]*@", "//***@") + "'");
    }

    /**
     * This location with the password read from the file named by {@code FLYTE_DATABASE_PASSWORD_FILE}, if set
     * (a mounted secret), so the password need not appear in the URL or the environment.
     */
    DatabaseUrl withPasswordFile(Map<String, String> env) throws IOException {
        String file = env.get("FLYTE_DATABASE_PASSWORD_FILE");
        if (file == null || file.isBlank()) {
            return this;
        }
        return new DatabaseUrl(jdbcUrl, user, Files.readString(Path.of(file)).strip());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

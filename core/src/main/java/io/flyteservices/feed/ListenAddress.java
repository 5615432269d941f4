package io.flyteservices.feed;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where the LISTEN connection goes: the pool's {@code jdbc:postgresql:} URL rewritten for pgjdbc-ng
 * ({@code jdbc:pgsql://host:port/db}), with the user and password taken from {@code datasources.default.username}
 * and {@code .password} when set, else from the URL's {@code user} and {@code password} parameters. Other URL
 * parameters are pgjdbc options with other names in pgjdbc-ng and are not carried over.
 */
record ListenAddress(String url, String user, String password) {

    private static final String PGJDBC = "jdbc:postgresql:";

    /** Derives the address from the datasource settings; {@code username}/{@code password} may be null. */
    static ListenAddress of(String datasourceUrl, String username, String password) {
        if (datasourceUrl == null || !datasourceUrl.startsWith(PGJDBC)) {
            throw new IllegalArgumentException("datasources.default.url must start with " + PGJDBC + ", got '"
                    + redact(datasourceUrl) + "'");
        }
        String rest = datasourceUrl.substring(PGJDBC.length());
        int q = rest.indexOf('?');
        String target = q < 0 ? rest : rest.substring(0, q);
        String user = null;
        String pass = null;
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    pass = value;
                }
            }
        }
        // jdbc:postgresql:db and jdbc:postgresql:/db mean the local server on the default port.
        String hostAndDb = target.startsWith("//") ? target : "//localhost:5432/" + stripSlash(target);
        return new ListenAddress("jdbc:pgsql:" + hostAndDb, blankToNull(username) != null ? username : user,
                password != null ? password : pass);
    }

    /** Connection properties for pgjdbc-ng; the application name shows in {@code pg_stat_activity}. */
    Properties properties(String applicationName) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("application.name", applicationName);
        return p;
    }

    /** Keeps the password out of logs and {@code toString}. */
    @Override
    public String toString() {
        return "ListenAddress[url=" + url + ", user=" + user + "]";
    }

    private static String stripSlash(String s) {
        return s.startsWith("/") ? s.substring(1) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String redact(String url) {
        return url == null ? null : url.replaceAll("password=[^&]*", "password=***");
    }
}

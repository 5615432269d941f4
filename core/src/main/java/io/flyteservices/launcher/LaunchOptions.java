package io.flyteservices.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * Command line options, each with an environment variable as fallback:
 * {@code --database-url} / {@code FLYTE_DATABASE_URL}, {@code --data-dir} / {@code FLYTE_HOME} (default
 * {@code ./.flyte}), {@code --database-port} / {@code FLYTE_DATABASE_PORT} (the embedded database's port, default a
 * free one), {@code --http-port} / {@code FLYTE_HTTP_PORT}, {@code --grpc-port} / {@code FLYTE_GRPC_PORT}.
 */
record LaunchOptions(Mode mode, String databaseUrl, Path dataDir, Integer databasePort, Integer httpPort,
                     Integer grpcPort, boolean train) {

    static final String USAGE = """
            usage: flyte-services <%s> [options]
                   flyte-services <run|action> <command> [options]      the command-line client
            server options:
              --database-url URL   PostgreSQL (jdbc:postgresql://host:port/db or postgres://user:pass@host:port/db);
                                   'all' starts an embedded PostgreSQL when none is given   [FLYTE_DATABASE_URL]
                                   (password from a file: FLYTE_DATABASE_PASSWORD_FILE)
              --data-dir DIR       where 'all' and 'database' keep the embedded database (./.flyte)   [FLYTE_HOME]
              --database-port N    the embedded database's port (a free one)             [FLYTE_DATABASE_PORT]
                                   fixed, it comes back on the same address after a restart
              --http-port N        Connect, gRPC-Web, web page, health, metrics (8090)        [FLYTE_HTTP_PORT]
              --grpc-port N        native gRPC (9090)                                         [FLYTE_GRPC_PORT]
                                   0 picks a free port; the 'started' log line names it
              --train              serve one read-only request of each kind to itself on free ports, then exit:
                                   the training run of a start-up cache (-XX:AOTCacheOutput=, bin/flyte-services)
            client commands, over gRPC to --server HOST:PORT (localhost:9090)               [FLYTE_SERVER]:
              run create --spec FILE [--project P] [--domain D] [--name N]
              run get|watch|abort RUN
              run list [--phase PHASE] [--limit N]
              action get|logs RUN [ACTION]
              each with --output table|json; --help shows a command's options
            """.formatted(Mode.names());

    static LaunchOptions parse(String[] args, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            throw new IllegalArgumentException("a mode is required");
        }
        Mode mode = Mode.parse(args[0]);
        String databaseUrl = env.get("FLYTE_DATABASE_URL");
        String dataDir = env.getOrDefault("FLYTE_HOME", ".flyte");
        String databasePort = env.get("FLYTE_DATABASE_PORT");
        String httpPort = env.get("FLYTE_HTTP_PORT");
        String grpcPort = env.get("FLYTE_GRPC_PORT");
        boolean train = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--train")) {
                train = true;
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--database-url" -> databaseUrl = value;
                case "--data-dir" -> dataDir = value;
                case "--database-port" -> databasePort = value;
                case "--http-port" -> httpPort = value;
                case "--grpc-port" -> grpcPort = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (train && !mode.serves) {
            throw new IllegalArgumentException("--train needs a serving mode, not " + mode.environment());
        }
        Integer http = port(httpPort, "--http-port");
        Integer grpc = port(grpcPort, "--grpc-port");
        if (train) {
            // A training run beside a running instance must not take its ports.
            http = 0;
            grpc = 0;
        }
        Integer database = port(databasePort, "--database-port");
        if (database != null && database == 0) {
            // Zonky's own default is a free port; 0 means the same, said explicitly.
            database = null;
        }
        return new LaunchOptions(mode, blankToNull(databaseUrl), Path.of(dataDir).toAbsolutePath(), database, http,
                grpc, train);
    }

    private static Integer port(String value, String option) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

package io.flyteservices.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Map;

/** The options every command that calls the server has: where it is, how to print, and help. */
final class ClientOptions {

    static final String TOKEN_ENV = "FLYTE_AUTH_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "the control plane's gRPC address (default: $FLYTE_SERVER, else " + Server.DEFAULT + ")")
    String server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json (the response as protobuf JSON)")
    Output output;

    @Option(names = "--auth-token", paramLabel = "JWT",
            description = "a bearer token for a server with authentication on (default: $FLYTE_AUTH_TOKEN)")
    String authToken;

    private Server resolved;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** The server to call; a malformed address is a usage error. */
    Server server(Map<String, String> env) {
        try {
            resolved = Server.resolve(server, env);
            return resolved;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** A connection to the server, sending the bearer token of {@code --auth-token}, else $FLYTE_AUTH_TOKEN. */
    Server.Connection connect(Map<String, String> env) {
        Server target = server(env);
        String bearer = authToken != null ? authToken : env.get(TOKEN_ENV);
        return target.connect(bearer == null || bearer.isBlank() ? null : bearer.strip());
    }

    /** The server {@link #server} chose, for error messages; null before. */
    Server resolved() {
        return resolved;
    }

    boolean json() {
        return output == Output.JSON;
    }
}

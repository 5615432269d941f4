package io.flyteservices.cli;

import flyteidl2.workflow.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's gRPC address: {@code host:port}, {@code host} (port 9090) or {@code [v6 address]:port};
 * from {@code --server}, else {@code FLYTE_SERVER}, else the all-in-one's {@code localhost:9090}. Plaintext.
 */
record Server(String host, int port) {

    static final String ENV = "FLYTE_SERVER";
    static final int DEFAULT_PORT = 9090;
    static final String DEFAULT = "localhost:" + DEFAULT_PORT;
    /** How long one unary call may take, connecting included. */
    static final long CALL_TIMEOUT_SECONDS = 60;

    /** The address from the option, else the environment, else the default. */
    static Server resolve(String option, Map<String, String> env) {
        if (option != null) {
            return parse(option);
        }
        String fromEnv = env.get(ENV);
        return parse(fromEnv == null || fromEnv.isBlank() ? DEFAULT : fromEnv);
    }

    static Server parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the server address is empty; expected HOST:PORT");
        }
        if (s.contains("://")) {
            throw new IllegalArgumentException("server '" + text + "': expected HOST:PORT, without a scheme");
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server '" + text + "': missing ']' after an IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("server '" + text + "': expected [ADDRESS]:PORT");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("server '" + text + "': write an IPv6 address as [ADDRESS]:PORT");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains("/")) {
            throw new IllegalArgumentException("server '" + text + "': expected HOST:PORT (no scheme or path)");
        }
        return new Server(host, port == null ? DEFAULT_PORT : port(port, text));
    }

    private static int port(String port, String text) {
        try {
            int n = Integer.parseInt(port);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("server '" + text + "': '" + port + "' is not a port number");
    }

    /** A new plaintext channel, sending {@code token} (if not null) as a bearer token; the caller closes it. */
    Connection connect(String token) {
        ManagedChannelBuilder<?> channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext();
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return new Connection(channel.build());
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** One channel to the server, closed when the command is done. */
    record Connection(ManagedChannel channel) implements AutoCloseable {

        /** RunService for unary calls, each with {@link #CALL_TIMEOUT_SECONDS}. */
        RunServiceGrpc.RunServiceBlockingStub runs() {
            return RunServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        /** RunService for streams: no deadline, a watch lasts as long as the run. */
        RunServiceGrpc.RunServiceBlockingStub streams() {
            return RunServiceGrpc.newBlockingStub(channel);
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }
}

package io.flyteservices.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command talks to: its output and error streams, standard input, the environment, the clock, and whether
 * the output is a terminal that understands ANSI (colours, redrawing in place). Tests pass their own.
 */
public record Terminal(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, boolean ansi,
                       Clock clock) {

    public Terminal {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * This process's terminal. ANSI only when standard output is a terminal, {@code NO_COLOR} is not set and
     * {@code TERM} is not {@code dumb}.
     */
    public static Terminal system() {
        Map<String, String> env = System.getenv();
        java.io.Console console = System.console();
        boolean ansi = console != null && console.isTerminal() && !env.containsKey("NO_COLOR")
                && !"dumb".equals(env.get("TERM"));
        return new Terminal(new PrintWriter(new OutputStreamWriter(System.out, System.out.charset())),
                new PrintWriter(new OutputStreamWriter(System.err, System.err.charset())), System.in, env, ansi,
                Clock.systemUTC());
    }
}

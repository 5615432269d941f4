package io.flyteservices.functions.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts the cases sent per RPC and protocol, and writes them as CSV for the reliability report. */
final class CaseTally {

    private record Key(String rpc, String protocol) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byRpc = rpc.compareTo(o.rpc);
            return byRpc != 0 ? byRpc : protocol.compareTo(o.protocol);
        }
    }

    private static final class Counts {
        long rejected;
        long accepted;
    }

    private final Map<Key, Counts> counts = new TreeMap<>();

    synchronized void record(UnaryRpc rpc, Protocol protocol, CallOutcome outcome) {
        Counts c = counts.computeIfAbsent(new Key(rpc.name(), protocol.label()), k -> new Counts());
        if (outcome.accepted()) {
            c.accepted++;
        } else {
            c.rejected++;
        }
    }

    /** rpc,protocol,cases,rejected,accepted, one line per pair sent at least once. */
    synchronized void write(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add("rpc,protocol,cases,rejected,accepted");
        counts.forEach((key, c) -> lines.add(String.join(",", key.rpc(), key.protocol(),
                Long.toString(c.rejected + c.accepted), Long.toString(c.rejected), Long.toString(c.accepted))));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

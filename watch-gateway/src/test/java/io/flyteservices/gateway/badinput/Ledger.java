package io.flyteservices.gateway.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Counts the cases tried per RPC and protocol and writes them as {@code target/bad-input/<suite>.csv}. */
final class Ledger {

    private final String suite;
    private final Map<String, long[]> counts = new TreeMap<>();

    Ledger(String suite) {
        this.suite = suite;
    }

    synchronized void record(String rpc, String protocol, boolean rejected) {
        long[] c = counts.computeIfAbsent(rpc + "," + protocol, k -> new long[2]);
        c[rejected ? 0 : 1]++;
    }

    synchronized void write() {
        StringBuilder csv = new StringBuilder("rpc,protocol,cases,rejected,accepted\n");
        counts.forEach((key, c) -> csv.append(key).append(',').append(c[0] + c[1]).append(',').append(c[0])
                .append(',').append(c[1]).append('\n'));
        try {
            Path dir = Files.createDirectories(Path.of("target", "bad-input"));
            Files.writeString(dir.resolve(suite + ".csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

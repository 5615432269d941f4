package io.flyteservices.gateway.badinput;

import io.flyteservices.testkit.Frames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Generators of malformed bodies, frames and header values, shared by the suites. */
final class Garbage {

    /** A body to send and what is wrong with it (shown when a case fails). */
    record Body(String why, byte[] bytes) {
        @Override
        public String toString() {
            return why + " [" + bytes.length + " bytes: " + preview(bytes) + "]";
        }
    }

    private Garbage() {
    }

    static Arbitrary<byte[]> bytes(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
    }

    /** JSON that is not a valid request: broken syntax, invalid UTF-8, wrong shapes and types. */
    static Arbitrary<Body> badJson(byte[] validJson, List<String> fieldNames) {
        String valid = new String(validJson, StandardCharsets.UTF_8);
        Arbitrary<Body> truncated = Arbitraries.integers().between(1, Math.max(1, valid.length() - 1))
                .map(i -> body("truncated at " + i, valid.substring(0, Math.min(i, valid.length() - 1))));
        Arbitrary<Body> invalidUtf8 = Combinators.combine(
                        Arbitraries.integers().between(0, validJson.length),
                        Arbitraries.of(new byte[]{(byte) 0x80}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xFF},
                                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, 0x41},
                                new byte[]{(byte) 0xC0, (byte) 0xAF}))
                .as((at, bad) -> new Body("invalid UTF-8 at " + at, splice(validJson, at, bad)));
        Arbitrary<Body> stringWithInvalidUtf8 = Arbitraries.of(fieldNames).flatMap(field -> Arbitraries.of(
                        new byte[]{(byte) 0x80}, new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFE})
                .map(bad -> new Body("invalid UTF-8 in " + field, Frames.concat(
                        ("{\"" + field + "\":\"a").getBytes(StandardCharsets.UTF_8), bad,
                        "\"}".getBytes(StandardCharsets.UTF_8)))));
        Arbitrary<Body> wrongShape = Arbitraries.of("[]", "null", "1", "\"s\"", "true", "{", "}", "{}}", "{\"a\":}",
                        "{'a':1}", "{\"a\" 1}", "[{}]", "{\"a\":1,}", "\u0000", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\x\"}",
                        "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"\u0001\"}", "{} {}")
                .map(s -> body("wrong shape", s));
        Arbitrary<Body> wrongType = Combinators.combine(Arbitraries.of(fieldNames), Arbitraries.of(
                        "[]", "{}", "\"x\"", "1e400", "-1", "true", "{\"a\":1}", "12345678901234567890123",
                        "[1,[2]]", "\"\\u0000\"", "1.5", "\"AAAA====\"", "null", "{\"\":{}}", "\"PHASE_NOPE\"",
                        "-9223372036854775809", "[\"a\",null]"))
                .as((field, value) -> body("wrong type of " + field, "{\"" + field + "\":" + value + "}"));
        Arbitrary<Body> randomText = Arbitraries.strings().ofMaxLength(200)
                .map(s -> body("random text", s));
        return Arbitraries.oneOf(truncated, invalidUtf8, stringWithInvalidUtf8, wrongShape, wrongType, randomText);
    }

    /**
     * Frames around a valid payload, broken: wrong flags, a length prefix that does not match the body, a
     * truncated frame, several messages, random bytes.
     */
    static Arbitrary<Body> badFrames(byte[] payload) {
        byte[] good = Frames.frame(0, payload);
        Arbitrary<Body> flags = Arbitraries.integers().between(1, 255)
                .map(f -> new Body("flags " + f, Frames.frame(f, payload)));
        Arbitrary<Body> lengthOff = Arbitraries.integers().between(-payload.length, 1 << 20).filter(d -> d != 0)
                .map(d -> new Body("length prefix off by " + d, withLength(good, payload.length + d)));
        Arbitrary<Body> truncated = Arbitraries.integers().between(0, good.length - 1)
                .map(n -> new Body("cut to " + n + " bytes", Arrays.copyOf(good, n)));
        Arbitrary<Body> several = Arbitraries.integers().between(2, 4)
                .map(n -> new Body(n + " messages", Frames.concat(Collections.nCopies(n, good)
                        .toArray(byte[][]::new))));
        Arbitrary<Body> trailing = bytes(8).filter(b -> b.length > 0)
                .map(b -> new Body("trailing garbage", Frames.concat(good, b)));
        Arbitrary<Body> random = bytes(300).map(b -> new Body("random bytes", b));
        Arbitrary<Body> garbledPayload = bytes(200).map(b -> new Body("garbled payload", Frames.frame(0, b)));
        return Arbitraries.oneOf(flags, lengthOff, truncated, several, trailing, random, garbledPayload);
    }

    /** Printable ASCII, so java.net.http accepts it as a header value. */
    static Arbitrary<String> headerValue() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
    }

    static byte[] withLength(byte[] frame, long length) {
        byte[] copy = frame.clone();
        for (int i = 0; i < 4; i++) {
            copy[1 + i] = (byte) (length >>> (24 - 8 * i));
        }
        return copy;
    }

    static byte[] splice(byte[] into, int at, byte[] what) {
        return Frames.concat(Arrays.copyOf(into, at), what, Arrays.copyOfRange(into, at, into.length));
    }

    static Body body(String why, String text) {
        return new Body(why, text.getBytes(StandardCharsets.UTF_8));
    }

    static String preview(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 80); i++) {
            int b = bytes[i] & 0xFF;
            s.append(b >= ' ' && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return bytes.length > 80 ? s + "..." : s.toString();
    }
}

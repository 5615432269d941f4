package io.flyteservices.gateway.badinput;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.flyteservices.protocol.connect.Gzip;
import io.flyteservices.testkit.Frames;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol-level garbage on every RPC (issue "Reliability and security", item 2): malformed Connect bodies and
 * envelopes, broken gRPC-Web frames, wrong content types, paths, HTTP methods, timeouts and encodings, oversized
 * and fake-gzip bodies, raw bytes over native gRPC. Every answer must be a proper protocol error, never
 * internal/unknown; a rejected call changes nothing; the server answers a good call right after.
 */
class ProtocolGarbageIT {

    private static final Ledger LEDGER = new Ledger("protocol-garbage");
    private static BadInputServer s;

    @BeforeContainer
    static void start() {
        s = BadInputServer.start();
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        LEDGER.write();
        if (s != null) {
            s.close();
        }
    }

    /** Unary and bidirectional methods: the ones Connect calls with a bare (unary) body. */
    @Provide
    Arbitrary<MethodDescriptor<?, ?>> unaryMethods() {
        return Arbitraries.of(BadInputServer.methods(MethodType.UNARY, MethodType.BIDI_STREAMING));
    }

    @Provide
    Arbitrary<MethodDescriptor<?, ?>> streamMethods() {
        return Arbitraries.of(BadInputServer.methods(MethodType.SERVER_STREAMING));
    }

    @Provide
    Arbitrary<MethodDescriptor<?, ?>> anyMethod() {
        return Arbitraries.of(BadInputServer.METHODS);
    }

    @Property
    void connectUnaryRandomBytes(@ForAll("unaryMethods") MethodDescriptor<?, ?> method,
                                 @ForAll("randomBytes") byte[] body, @ForAll boolean json) {
        s.check(LEDGER, BadInputServer.rpc(method), json ? "connect-json" : "connect-proto", Garbage.preview(body),
                () -> s.connect(method, json, body, Map.of()));
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Garbage.bytes(400);
    }

    @Property
    void connectUnaryBadJson(@ForAll("badJsonCases") Tuple.Tuple2<MethodDescriptor<?, ?>, Garbage.Body> c) {
        s.check(LEDGER, BadInputServer.rpc(c.get1()), "connect-json", c.get2(),
                () -> s.connect(c.get1(), true, c.get2().bytes(), Map.of()));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<MethodDescriptor<?, ?>, Garbage.Body>> badJsonCases() {
        return Arbitraries.of(BadInputServer.METHODS).flatMap(m -> Garbage
                .badJson(BadInputServer.encode(s.sample(m), true), jsonNames(m)).map(b -> Tuple.of(m, b)));
    }

    @Property
    void connectStreamEnvelopes(@ForAll("connectFrameCases") Tuple.Tuple3<MethodDescriptor<?, ?>, Boolean, Garbage.Body> c) {
        boolean json = c.get2();
        s.check(LEDGER, BadInputServer.rpc(c.get1()), json ? "connect-stream-json" : "connect-stream-proto", c.get3(),
                () -> s.connect(c.get1(), json, c.get3().bytes(), Map.of()));
    }

    @Provide
    Arbitrary<Tuple.Tuple3<MethodDescriptor<?, ?>, Boolean, Garbage.Body>> connectFrameCases() {
        return frameCases(BadInputServer.methods(MethodType.SERVER_STREAMING), Arbitraries.of(true, false));
    }

    /** gRPC-Web frames (binary protobuf) broken the same ways, in binary and in text mode. */
    @Property
    void grpcWebFrames(@ForAll("grpcWebFrameCases") Tuple.Tuple3<MethodDescriptor<?, ?>, Boolean, Garbage.Body> c,
                       @ForAll boolean text) {
        s.check(LEDGER, BadInputServer.rpc(c.get1()), text ? "grpc-web-text" : "grpc-web", c.get3(),
                () -> s.grpcWeb(c.get1(), text, c.get3().bytes(), Map.of()));
    }

    @Provide
    Arbitrary<Tuple.Tuple3<MethodDescriptor<?, ?>, Boolean, Garbage.Body>> grpcWebFrameCases() {
        return frameCases(BadInputServer.METHODS, Arbitraries.just(false));
    }

    /** Bad frames built around a valid request of the method drawn with them. */
    private static Arbitrary<Tuple.Tuple3<MethodDescriptor<?, ?>, Boolean, Garbage.Body>> frameCases(
            List<MethodDescriptor<?, ?>> methods, Arbitrary<Boolean> json) {
        return Combinators.combine(Arbitraries.of(methods), json).as(Tuple::of).flatMap(mj -> Garbage
                .badFrames(BadInputServer.encode(s.sample(mj.get1()), mj.get2()))
                .map(body -> Tuple.of(mj.get1(), mj.get2(), body)));
    }

    @Property
    void grpcWebTextNotBase64(@ForAll("anyMethod") MethodDescriptor<?, ?> method,
                              @ForAll("notBase64") String text) {
        s.check(LEDGER, BadInputServer.rpc(method), "grpc-web-text", text, () -> Outcome.grpcWeb(
                s.http.post(BadInputServer.path(method), Map.of("Content-Type", "application/grpc-web-text",
                        "grpc-timeout", "500m"), text.getBytes(StandardCharsets.ISO_8859_1)),
                true, BadInputServer.inBand(method, false), true));
    }

    @Provide
    Arbitrary<String> notBase64() {
        return Arbitraries.strings().withCharRange('\u0000', '\u00FF').ofMinLength(1).ofMaxLength(60)
                .filter(t -> !t.matches("[A-Za-z0-9+/=\\s]*"));
    }

    @Property
    void grpcRandomBytes(@ForAll("anyMethod") MethodDescriptor<?, ?> method, @ForAll("randomBytes") byte[] body) {
        s.check(LEDGER, BadInputServer.rpc(method), "grpc", Garbage.preview(body),
                () -> s.grpcRaw(method, List.of(body)));
    }

    /**
     * Garbage on the HTTP/2-only gRPC port, with or without the connection preface: the server must end the
     * connection (GOAWAY or close) rather than hang or fall over, and keep serving others.
     */
    @Property
    void http2ConnectionGarbage(@ForAll boolean preface, @ForAll("randomBytes") byte[] garbage) {
        byte[] bytes = preface ? Frames.concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                garbage) : garbage;
        s.check(LEDGER, "(connection)", preface ? "h2 preface+garbage" : "h2 garbage", Garbage.preview(bytes), () -> {
            try (Socket socket = new Socket("127.0.0.1", s.server.grpcPort())) {
                socket.setSoTimeout((int) RawHttp.HANG.toMillis());
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
                long read = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                return new Outcome("closed", false, read + " bytes before the close");
            } catch (SocketTimeoutException e) {
                throw new AssertionError("gRPC port kept a garbage connection open for " + RawHttp.HANG, e);
            } catch (IOException e) {
                return new Outcome("closed", false, e.toString());
            }
        });
    }

    /**
     * An HTTP/1.1 request whose body ends before its Content-Length (the client half-closes): whatever the
     * server answers must not be a 5xx, and it must end the exchange instead of waiting for the missing bytes.
     */
    @Property(tries = 30)
    void truncatedHttp1Body(@ForAll("anyMethod") MethodDescriptor<?, ?> method,
                            @ForAll("validContentTypes") String contentType, @ForAll("randomBytes") byte[] sent) {
        String head = "POST " + BadInputServer.path(method) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + (sent.length + 100) + "\r\n\r\n";
        s.check(LEDGER, BadInputServer.rpc(method), "http/1.1 truncated body", contentType, () -> {
            try (Socket socket = new Socket("127.0.0.1", s.server.httpBase().getPort())) {
                socket.setSoTimeout((int) RawHttp.HANG.toMillis());
                socket.getOutputStream().write(Frames.concat(head.getBytes(StandardCharsets.US_ASCII), sent));
                socket.shutdownOutput();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as("answer to a truncated body").doesNotStartWith("HTTP/1.1 5");
                return new Outcome("closed", false, answer.lines().findFirst().orElse("(no answer)"));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("HTTP port kept a truncated request open for " + RawHttp.HANG, e);
            } catch (IOException e) {
                return new Outcome("closed", false, e.toString());
            }
        });
    }

    @Provide
    Arbitrary<String> validContentTypes() {
        return Arbitraries.of("application/json", "application/proto", "application/connect+json",
                "application/connect+proto", "application/grpc-web+proto", "application/grpc-web-text");
    }

    /** Wrong or missing content types, unknown services and methods, HTTP methods the route does not take. */
    @Property
    void wrongContentTypesPathsAndMethods(@ForAll("anyMethod") MethodDescriptor<?, ?> method,
                                          @ForAll("contentTypes") String contentType,
                                          @ForAll("paths") String badPath, @ForAll boolean useBadPath,
                                          @ForAll("httpMethods") String httpMethod) {
        String path = useBadPath ? badPath : BadInputServer.path(method);
        String rpc = useBadPath ? "(unknown path)" : BadInputServer.rpc(method);
        Map<String, String> headers = contentType.isEmpty() ? Map.of() : Map.of("Content-Type", contentType);
        byte[] body = BadInputServer.encode(s.sample(method), contentType.contains("json"));
        s.check(LEDGER, rpc, "http " + httpMethod, httpMethod + " " + path + " " + contentType, () -> {
            RawHttp.Response r = s.http.send(httpMethod, path, headers, body);
            return answer(r, contentType);
        });
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("", "text/plain", "application/xml", "application/grpc",
                "application/grpc+proto", "application/connect+xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/*", "*/*",
                "application/proto+json", "application/grpc-web+xml", "application/octet-stream", "application",
                ";", "application/connect"), Garbage.headerValue().filter(v -> !v.isBlank()));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> ident = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(20)
                .map(t -> URLEncoder.encode(t, StandardCharsets.UTF_8).replace("+", "%20"));
        return Arbitraries.oneOf(
                ident.map(m -> "/flyteidl2.workflow.RunService/" + m),
                ident.map(svc -> "/flyteidl2.workflow." + svc + "/GetRunDetails"),
                Combinators.combine(ident, ident).as((a, b) -> "/" + a + "." + b + "/" + a),
                anything.map(t -> "/flyteidl2.workflow.RunService/" + t),
                anything.map(t -> "/flyteidl2.workflow.RunService/GetRunDetails/" + t),
                Arbitraries.of("/flyteidl2.workflow.RunService", "/flyteidl2.workflow.RunService/",
                        "/flyteidl2.workflow.runservice/getrundetails", "//GetRunDetails",
                        "/flyteidl2.workflow.RunService//GetRunDetails", "/grpc.health.v1.Health/Check",
                        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
    }

    @Provide
    Arbitrary<String> httpMethods() {
        return Arbitraries.of("POST", "POST", "GET", "PUT", "DELETE", "PATCH");
    }

    /** Bad timeouts, protocol versions and encodings in the headers of otherwise valid calls. */
    @Property
    void badHeaders(@ForAll("anyMethod") MethodDescriptor<?, ?> method, @ForAll("protocols") String protocol,
                    @ForAll("badHeaderPairs") Tuple.Tuple2<String, String> header) {
        byte[] payload = BadInputServer.encode(s.sample(method), protocol.endsWith("json"));
        Map<String, String> headers = Map.of(header.get1(), header.get2());
        s.check(LEDGER, BadInputServer.rpc(method), protocol, header, () -> switch (protocol) {
            case "grpc-web" -> s.grpcWeb(method, false, Frames.frame(0, payload), headers);
            default -> s.connect(method, protocol.endsWith("json"),
                    method.getType() == MethodType.SERVER_STREAMING ? Frames.frame(0, payload) : payload, headers);
        });
    }

    @Provide
    Arbitrary<String> protocols() {
        return Arbitraries.of("connect-json", "connect-proto", "grpc-web");
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> badHeaderPairs() {
        Arbitrary<String> badConnectTimeout = Arbitraries.oneOf(Arbitraries.of("-1", "abc", "12345678901", "1.5",
                "0x10", "1e3", "+5", "99999999999999999999", "1 000"), Garbage.headerValue()
                .filter(v -> !v.isBlank() && !v.trim().matches("[0-9]{1,10}")));
        Arbitrary<String> badGrpcTimeout = Arbitraries.oneOf(Arbitraries.of("1", "S", "123456789S", "1X", "-1S",
                "1.5S", "1s", "10000000000m", " m"), Garbage.headerValue()
                .filter(v -> !v.isBlank() && !v.trim().matches("[0-9]{1,8}[HMSmun]")));
        Arbitrary<String> badEncoding = Arbitraries.oneOf(Arbitraries.of("br", "deflate", "zstd", "gzip, br", "x-gzip",
                "compress"), Garbage.headerValue().filter(v -> !v.isBlank() && !v.trim().equalsIgnoreCase("gzip")
                && !v.trim().equalsIgnoreCase("identity")));
        Arbitrary<String> badVersion = Garbage.headerValue().filter(v -> !v.isBlank() && !v.trim().equals("1"));
        return Arbitraries.oneOf(
                badConnectTimeout.map(v -> Tuple.of("Connect-Timeout-Ms", v)),
                badGrpcTimeout.map(v -> Tuple.of("grpc-timeout", v)),
                badEncoding.map(v -> Tuple.of("Content-Encoding", v)),
                badEncoding.map(v -> Tuple.of("Connect-Content-Encoding", v)),
                badEncoding.map(v -> Tuple.of("grpc-encoding", v)),
                badVersion.map(v -> Tuple.of("Connect-Protocol-Version", v)));
    }

    /** Connect GET with bad {@code message}, {@code encoding}, {@code base64}, {@code compression}, {@code connect}. */
    @Property
    void connectGetBadQuery(@ForAll("anyMethod") MethodDescriptor<?, ?> method,
                            @ForAll("queryMessages") String message, @ForAll("encodings") String encoding,
                            @ForAll("optionalParam") String base64, @ForAll("optionalParam") String compression,
                            @ForAll("optionalParam") String connect) {
        StringBuilder query = new StringBuilder(BadInputServer.path(method)).append("?message=")
                .append(URLEncoder.encode(message, StandardCharsets.UTF_8));
        param(query, "encoding", encoding);
        param(query, "base64", base64);
        param(query, "compression", compression);
        param(query, "connect", connect);
        s.check(LEDGER, BadInputServer.rpc(method), "connect-get", query, () -> Outcome.connectUnary(
                s.http.send("GET", query.toString(), Map.of(), null), BadInputServer.inBand(method, true)));
    }

    private static void param(StringBuilder query, String name, String value) {
        if (!value.isEmpty()) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<String> queryMessages() {
        return Arbitraries.oneOf(Arbitraries.of("", "{", "{\"runId\":1}", "%%%", "AAAA", "!!!!", "{}",
                        "eyJydW5JZCI6e319", "H4sIAAAAAAAA"),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.oneOf(Arbitraries.of("", "json", "proto", "xml", "JSON", "protobuf"), Garbage.headerValue());
    }

    @Provide
    Arbitrary<String> optionalParam() {
        return Arbitraries.oneOf(Arbitraries.of("", "1", "0", "gzip", "identity", "v1", "v2", "br"),
                Garbage.headerValue());
    }

    /** Bodies that claim gzip and are not: whole unary bodies, compressed Connect envelopes, gRPC-Web frames. */
    @Property
    void gzipThatIsNotGzip(@ForAll("anyMethod") MethodDescriptor<?, ?> method, @ForAll("fakeGzip") byte[] fake,
                           @ForAll("protocols") String protocol) {
        s.check(LEDGER, BadInputServer.rpc(method), protocol + " gzip", Garbage.preview(fake), () -> {
            boolean stream = method.getType() == MethodType.SERVER_STREAMING;
            return switch (protocol) {
                case "grpc-web" -> s.grpcWeb(method, false, Frames.frame(Frames.COMPRESSED, fake),
                        Map.of("grpc-encoding", "gzip"));
                default -> stream
                        ? s.connect(method, protocol.endsWith("json"), Frames.frame(Frames.COMPRESSED, fake),
                        Map.of("Connect-Content-Encoding", "gzip"))
                        : s.connect(method, protocol.endsWith("json"), fake, Map.of("Content-Encoding", "gzip"));
            };
        });
    }

    @Provide
    Arbitrary<byte[]> fakeGzip() {
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0};
        return Arbitraries.oneOf(Garbage.bytes(200).filter(b -> b.length > 0),
                Garbage.bytes(100).map(b -> Frames.concat(header, b)),
                Arbitraries.integers().between(1, 30).map(n -> Arrays.copyOf(
                        Gzip.compress("{\"a\":1}".getBytes()), n)));
    }

    /** Bodies beyond protocol.max-message-bytes, declared or real, and a gzip bomb. */
    @Example
    void oversizedBodies() {
        MethodDescriptor<?, ?> unary = byName("RunService/CreateRun");
        MethodDescriptor<?, ?> stream = byName("RunService/WatchRunDetails");
        byte[] huge = new byte[BadInputServer.MAX_MESSAGE_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        byte[] bomb = Gzip.compress(huge);
        byte[] declared = Garbage.withLength(Frames.frame(0, new byte[16]), BadInputServer.MAX_MESSAGE_BYTES + 1L);
        expectExhausted(unary, "connect-json", () -> s.connect(unary, true, huge, Map.of()));
        expectExhausted(unary, "connect-json gzip bomb",
                () -> s.connect(unary, true, bomb, Map.of("Content-Encoding", "gzip")));
        expectExhausted(stream, "connect-stream-json", () -> s.connect(stream, true, declared, Map.of()));
        expectExhausted(stream, "connect-stream-json", () -> s.connect(stream, true,
                Frames.frame(0, huge), Map.of()));
        expectExhausted(stream, "connect-stream-json gzip bomb", () -> s.connect(stream, true,
                Frames.frame(Frames.COMPRESSED, bomb), Map.of("Connect-Content-Encoding", "gzip")));
        expectExhausted(unary, "grpc-web", () -> s.grpcWeb(unary, false, declared, Map.of()));
        expectExhausted(unary, "grpc-web", () -> s.grpcWeb(unary, false, Frames.frame(0, huge), Map.of()));
        expectExhausted(unary, "grpc-web-text", () -> s.grpcWeb(unary, true, Frames.frame(0, huge), Map.of()));
        expectExhausted(unary, "grpc", () -> s.grpcRaw(unary, List.of(huge)));
        // Beyond micronaut.server.max-request-size as well.
        byte[] beyond = Arrays.copyOf(huge, 25 * 1024 * 1024);
        expectExhausted(unary, "connect-json", () -> s.connect(unary, true, beyond, Map.of()));
        expectExhausted(unary, "grpc-web-text", () -> s.grpcWeb(unary, true, Frames.frame(0, beyond), Map.of()));
    }

    private static void expectExhausted(MethodDescriptor<?, ?> method, String protocol,
                                        Supplier<Outcome> call) {
        Outcome[] seen = new Outcome[1];
        s.check(LEDGER, BadInputServer.rpc(method), protocol + " oversized", "oversized body", () -> {
            seen[0] = call.get();
            return seen[0];
        });
        assertThat(seen[0].code()).as("%s oversized", protocol).isEqualTo("resource_exhausted");
    }

    private static MethodDescriptor<?, ?> byName(String rpc) {
        return BadInputServer.METHODS.stream().filter(m -> BadInputServer.rpc(m).equals(rpc)).findFirst()
                .orElseThrow();
    }

    /** Reads an answer by the protocol its content type claims; anything else must be a Connect error. */
    private static Outcome answer(RawHttp.Response r, String requestType) {
        String type = String.valueOf(r.header("content-type"));
        if (type.startsWith("application/grpc-web")) {
            return Outcome.grpcWeb(r, type.startsWith("application/grpc-web-text"), Outcome.InBand.NONE, true);
        }
        if (type.startsWith("application/connect+")) {
            return Outcome.connectStream(r, Outcome.InBand.NONE, true);
        }
        if (r.status() == 200) {
            return new Outcome("ok", true, "");
        }
        return Outcome.connectUnary(r, Outcome.InBand.NONE);
    }

    private static List<String> jsonNames(MethodDescriptor<?, ?> method) {
        return BadInputServer.requestPrototype(method).getDescriptorForType().getFields().stream()
                .map(FieldDescriptor::getJsonName).toList();
    }
}

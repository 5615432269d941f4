package io.flyteservices.executor.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.executor.it.ProtocolClient.Answer;
import io.flyteservices.executor.it.ProtocolClient.Protocol;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication against an issuer's JWKS, served on loopback as an identity provider would: tokens signed with
 * its RSA key pass (and reach the service, which answers NOT_FOUND for a run that does not exist); tokens signed
 * with another key, or with a shared secret the server was not given, are UNAUTHENTICATED.
 */
class JwksAuthIT {

    private static final Duration CALL = Duration.ofSeconds(20);

    private static HttpServer issuer;
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static RSAKey key;
    private static TestServer server;
    private static ProtocolClient client;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("issuer-key-1").generate();
        byte[] jwks = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/.well-known/jwks.json", exchange -> {
            FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();
        server = TestServer.start(Map.of(
                "flyte.auth.enabled", "true",
                "flyte.auth.jwks-url", "http://127.0.0.1:" + issuer.getAddress().getPort() + "/.well-known/jwks.json",
                "executor.work-dir", Files.createTempDirectory("flyte-jwks").toString()));
        client = new ProtocolClient(server.channel(), server.httpBase());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (issuer != null) {
            issuer.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void shouldAcceptTokensSignedByTheIssuersKeyOnly(Protocol protocol) throws JOSEException, IOException {
        String org = "org-" + Fixtures.uniqueProject();
        GetRunDetailsRequest missing = GetRunDetailsRequest.newBuilder().setRunId(RunIdentifier.newBuilder()
                .setOrg(org).setProject("p").setDomain("development").setName(Fixtures.uniqueRunName())).build();
        String signed = Tokens.rs256(Tokens.claims("dana", org, List.of(), Duration.ofMinutes(5)), key);
        RSAKey other = new RSAKeyGenerator(2048).keyID("issuer-key-1").generate();
        String forged = Tokens.rs256(Tokens.claims("dana", org, List.of(), Duration.ofMinutes(5)), other);
        String shared = Tokens.hs256(Tokens.claims("dana", org, List.of(), Duration.ofMinutes(5)),
                "a-secret-the-server-was-never-given-0123456789");

        assertThat(call(protocol, missing, signed).code()).as("signed by the issuer: reaches the service")
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(FETCHES.get()).as("the key set was fetched from the issuer").isPositive();
        assertThat(call(protocol, missing, forged).code()).as("same key id, another key")
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(call(protocol, missing, shared).code()).as("HS256 with no secret configured")
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    private static Answer call(Protocol protocol, GetRunDetailsRequest request, String token) {
        return client.call(protocol, RunServiceGrpc.getGetRunDetailsMethod(), request, token, CALL);
    }
}

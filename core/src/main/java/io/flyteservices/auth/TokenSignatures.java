package io.flyteservices.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwkSetFetcher;
import io.micronaut.security.token.jwt.signature.jwks.JwkValidator;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignature;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfigurationProperties;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The keys tokens are checked against, from {@link AuthConfig}: the issuer's JWKS (fetched and cached by
 * micronaut-security-jwt, refetched when a token names an unknown key id) and/or a shared HS256 secret.
 */
@Factory
@Requires(property = "flyte.auth.enabled", value = "true")
final class TokenSignatures {

    private static final String NAME = "flyte";

    @Singleton
    @Named("flyte-jwks")
    @Requires(property = "flyte.auth.jwks-url")
    SignatureConfiguration jwks(AuthConfig config, JwkValidator validator, JwkSetFetcher<JWKSet> fetcher) {
        JwksSignatureConfigurationProperties jwks = new JwksSignatureConfigurationProperties(NAME);
        jwks.setUrl(config.jwksUrl());
        return new JwksSignature(jwks, validator, fetcher);
    }

    @Singleton
    @Named("flyte-secret")
    @Requires(property = "flyte.auth.secret")
    SignatureConfiguration secret(AuthConfig config) {
        SecretSignatureConfiguration secret = new SecretSignatureConfiguration(NAME);
        secret.setSecret(config.secret());
        secret.setJwsAlgorithm(JWSAlgorithm.HS256);
        return new SecretSignature(secret);
    }
}

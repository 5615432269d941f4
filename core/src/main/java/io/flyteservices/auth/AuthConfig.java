package io.flyteservices.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.charset.StandardCharsets;

/**
 * The {@code flyte.auth} configuration.
 *
 * @param enabled       whether calls need a bearer JWT (FLYTE_AUTH_ENABLED)
 * @param jwksUrl       where the token issuer publishes its signing keys (FLYTE_AUTH_JWKS_URL)
 * @param secret        a shared HS256 key of at least 32 bytes, for tests and single-issuer set-ups (FLYTE_AUTH_SECRET)
 * @param orgClaim      the claim naming the caller's organization
 * @param projectsClaim the claim listing the projects the caller may use (absent: every project of the org)
 */
@ConfigurationProperties("flyte.auth")
public record AuthConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Nullable String jwksUrl,
        @Nullable String secret,
        @Bindable(defaultValue = "org") String orgClaim,
        @Bindable(defaultValue = "projects") String projectsClaim) {

    /** HS256 keys shorter than the hash are refused by the JWT library; say so at start-up instead. */
    static final int MIN_SECRET_BYTES = 32;

    public AuthConfig {
        if (enabled && blank(jwksUrl) && blank(secret)) {
            throw new IllegalArgumentException("flyte.auth.enabled is true but no key is configured: set "
                    + "FLYTE_AUTH_JWKS_URL (the issuer's JWKS) or FLYTE_AUTH_SECRET (a shared HS256 key)");
        }
        if (!blank(secret) && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("flyte.auth.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

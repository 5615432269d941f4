package io.flyteservices.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.flyteservices.error.Errors;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an {@code authorization} header into a {@link Caller}: the bearer token must verify against a configured
 * key and pass micronaut-security-jwt's claim checks (expiry, not-before, and issuer/audience where configured);
 * its {@code sub} names the caller and its org claim the one organization it may use.
 */
@Singleton
@Requires(property = "flyte.auth.enabled", value = "true")
public final class CallerTokens {

    private static final String BEARER = "bearer ";

    private final JsonWebTokenValidator<JWT, Object> validator;
    private final AuthConfig config;

    public CallerTokens(JsonWebTokenValidator<JWT, Object> validator, AuthConfig config) {
        this.validator = validator;
        this.config = config;
    }

    /**
     * The caller a header value names. A missing, malformed, unverifiable or expired token is UNAUTHENTICATED; a
     * valid token that grants no organization is PERMISSION_DENIED.
     */
    public Caller caller(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw Errors.unauthenticated("missing credentials: send the header 'authorization: Bearer <JWT>'");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Errors.unauthenticated("the authorization header is not a bearer token");
        }
        String token = authorization.substring(BEARER.length()).strip();
        JWTClaimsSet claims = validator.validate(token, null)
                .map(CallerTokens::claims)
                .orElseThrow(() -> Errors.unauthenticated(
                        "invalid bearer token: not a JWT, signed by an unknown key, expired or not yet valid"));
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw Errors.unauthenticated("invalid bearer token: no 'sub' claim");
        }
        if (!(claims.getClaim(config.orgClaim()) instanceof String org) || org.isBlank()) {
            throw Errors.permissionDenied("the token of '" + subject + "' grants no organization (no '"
                    + config.orgClaim() + "' claim)");
        }
        return new Caller(subject, org, projects(claims.getClaim(config.projectsClaim())),
                claims.getClaim("email") instanceof String email ? email : "");
    }

    /** A JSON array of names, or one string of names separated by spaces or commas (as OAuth scopes are). */
    private static Set<String> projects(Object claim) {
        return switch (claim) {
            case null -> Set.of();
            case Collection<?> names -> names.stream().map(String::valueOf).map(String::strip)
                    .filter(n -> !n.isEmpty()).collect(Collectors.toSet());
            case String names -> Arrays.stream(names.split("[\\s,]+")).filter(n -> !n.isEmpty())
                    .collect(Collectors.toSet());
            default -> throw Errors.permissionDenied("the token's projects claim is neither a list nor a string: "
                    + claim.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        };
    }

    private static JWTClaimsSet claims(JWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Errors.unauthenticated("invalid bearer token: unreadable claims");
        }
    }
}

package io.flyteservices.executor.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Bearer tokens as an identity provider would issue them, signed with a shared secret or an RSA key. */
final class Tokens {

    private Tokens() {
    }

    /** Claims of {@code subject} in {@code org} (null: none) for these projects (empty: none), lasting {@code ttl}. */
    static JWTClaimsSet claims(String subject, String org, List<String> projects, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("email", subject + "@example.com")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(ttl)));
        if (org != null) {
            claims.claim("org", org);
        }
        if (!projects.isEmpty()) {
            claims.claim("projects", projects);
        }
        return claims.build();
    }

    static String hs256(JWTClaimsSet claims, String secret) {
        try {
            return sign(new JWSHeader(JWSAlgorithm.HS256), claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String rs256(JWTClaimsSet claims, RSAKey key) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims,
                    new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}

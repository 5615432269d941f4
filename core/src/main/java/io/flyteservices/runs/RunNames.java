package io.flyteservices.runs;

import jakarta.inject.Singleton;

import java.security.SecureRandom;

/**
 * Generates run names: {@code r} and 19 characters from an alphabet without vowels (no accidental words)
 * and without look-alike characters. Always a valid DNS-1035 label; 27^19 names make collisions negligible,
 * and the creator retries on one anyway (BEHAVIOR, Conventions).
 */
@Singleton
public final class RunNames {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int LENGTH = 19;

    private final SecureRandom random = new SecureRandom();

    public String generate() {
        StringBuilder name = new StringBuilder(LENGTH + 1).append('r');
        for (int i = 0; i < LENGTH; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }
}

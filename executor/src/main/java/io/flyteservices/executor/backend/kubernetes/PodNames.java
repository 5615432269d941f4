package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.AttemptSpec;
import io.flyteservices.model.ActionKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names and label values for attempt pods. A pod's name is derived from its attempt alone, so the executor that
 * created it and any executor adopting it later find the same pod: {@code <run>-<action>-<attempt>-<hash>}, a
 * DNS-1123 label of at most 63 characters. Run and action are lower-cased, other characters become {@code -}, and
 * both are shortened when too long; the hash (10 hex digits of the SHA-256 of the full attempt id
 * {@code org/project/domain/run/action/attempt}) keeps attempts apart whose readable parts coincide, such as
 * same-named runs of two projects.
 */
final class PodNames {

    /** The longest DNS-1123 label, and the longest label value. */
    static final int MAX_LENGTH = 63;
    /** Hex digits of the attempt id's hash in a pod name. */
    static final int HASH_LENGTH = 10;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern NOT_NAME_CHARS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern NOT_LABEL_CHARS = Pattern.compile("[^-A-Za-z0-9_.]");

    private PodNames() {
    }

    /** The pod name of {@code spec}'s attempt. */
    static String of(AttemptSpec spec) {
        return of(spec.action(), spec.attempt());
    }

    /** The pod name of attempt {@code attempt} of {@code action}. */
    static String of(ActionKey action, int attempt) {
        var suffix = "-" + attempt + "-" + hash(AttemptSpec.attemptIdOf(action, attempt));
        var budget = MAX_LENGTH - suffix.length();
        var run = nameFragment(action.run().name());
        var name = nameFragment(action.name());
        if (run.length() + 1 + name.length() > budget) {
            // The action keeps at least half the room: it is what tells the attempts of one run apart.
            name = cut(name, Math.max((budget - 1) / 2, budget - 1 - run.length()));
            run = cut(run, budget - 1 - name.length());
        }
        var head = run.isEmpty() ? name : name.isEmpty() ? run : run + "-" + name;
        return (head.isEmpty() ? "attempt" : head) + suffix;
    }

    /**
     * {@code value} as a valid label value: characters other than letters, digits, {@code -_.} become {@code _},
     * at most 63 characters, starting and ending with a letter or digit (possibly empty). The full value belongs
     * in an annotation when it matters.
     */
    static String labelValue(String value) {
        var cleaned = NOT_LABEL_CHARS.matcher(value).replaceAll("_");
        if (cleaned.length() > MAX_LENGTH) {
            cleaned = cleaned.substring(0, MAX_LENGTH);
        }
        int start = 0;
        int end = cleaned.length();
        while (start < end && !Character.isLetterOrDigit(cleaned.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(cleaned.charAt(end - 1))) {
            end--;
        }
        return cleaned.substring(start, end);
    }

    /** Whether {@code text} is a DNS-1123 label (a valid pod name or namespace). */
    static boolean isDnsLabel(String text) {
        return text.length() <= MAX_LENGTH && DNS_LABEL.matcher(text).matches();
    }

    /** Whether {@code text} is a valid label value. */
    static boolean isLabelValue(String text) {
        return text.length() <= MAX_LENGTH && LABEL_VALUE.matcher(text).matches();
    }

    /** Lower-case letters and digits, every other run of characters one {@code -}, none at either end. */
    private static String nameFragment(String text) {
        return trimDashes(NOT_NAME_CHARS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-"));
    }

    private static String cut(String fragment, int maxLength) {
        return fragment.length() <= maxLength ? fragment : trimDashes(fragment.substring(0, Math.max(0, maxLength)));
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }

    private static String hash(String attemptId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(attemptId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

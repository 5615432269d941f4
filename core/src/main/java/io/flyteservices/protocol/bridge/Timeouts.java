package io.flyteservices.protocol.bridge;

import io.grpc.Status;
import io.grpc.StatusException;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a call's timeout from {@code Connect-Timeout-Ms} or {@code grpc-timeout}; malformed values are errors. */
public final class Timeouts {

    private static final Pattern CONNECT = Pattern.compile("[0-9]{1,10}");
    private static final Pattern GRPC = Pattern.compile("([0-9]{1,8})([HMSmun])");

    private Timeouts() {
    }

    /** {@code Connect-Timeout-Ms}: up to 10 digits of milliseconds; absent means no deadline. */
    public static Optional<Duration> fromConnect(String header) throws StatusException {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (!CONNECT.matcher(value).matches()) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Connect-Timeout-Ms must be at most 10 digits, got \"" + header + "\"")
                    .asException();
        }
        return Optional.of(Duration.ofMillis(Long.parseLong(value)));
    }

    /** {@code grpc-timeout}: up to 8 digits and a unit (H, M, S, m, u, n); absent means no deadline. */
    public static Optional<Duration> fromGrpc(String header) throws StatusException {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = GRPC.matcher(header.trim());
        if (!m.matches()) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("grpc-timeout must be up to 8 digits and a unit H|M|S|m|u|n, got \""
                            + header + "\"")
                    .asException();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2).charAt(0)) {
            case 'H' -> Duration.ofHours(amount);
            case 'M' -> Duration.ofMinutes(amount);
            case 'S' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMillis(amount);
            case 'u' -> Duration.ofNanos(amount * 1_000);
            default -> Duration.ofNanos(amount);
        });
    }
}

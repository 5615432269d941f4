package io.flyteservices.protocol.bridge;

import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutsTest {

    @Test
    void shouldReadMillisecondsWhenConnectTimeoutGiven() throws StatusException {
        assertThat(Timeouts.fromConnect("50")).hasValue(Duration.ofMillis(50));
        assertThat(Timeouts.fromConnect("9999999999")).hasValue(Duration.ofMillis(9_999_999_999L));
    }

    @Test
    void shouldHaveNoDeadlineWhenHeaderAbsent() throws StatusException {
        assertThat(Timeouts.fromConnect(null)).isEmpty();
        assertThat(Timeouts.fromGrpc(null)).isEmpty();
    }

    @Test
    void shouldFailInvalidArgumentWhenConnectTimeoutMalformed() {
        for (String bad : new String[] {"-1", "1.5", "12345678901", "soon"}) {
            assertThatThrownBy(() -> Timeouts.fromConnect(bad))
                    .isInstanceOfSatisfying(StatusException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void shouldReadEveryUnitWhenGrpcTimeoutGiven() throws StatusException {
        assertThat(Timeouts.fromGrpc("2H")).hasValue(Duration.ofHours(2));
        assertThat(Timeouts.fromGrpc("3M")).hasValue(Duration.ofMinutes(3));
        assertThat(Timeouts.fromGrpc("4S")).hasValue(Duration.ofSeconds(4));
        assertThat(Timeouts.fromGrpc("50m")).hasValue(Duration.ofMillis(50));
        assertThat(Timeouts.fromGrpc("7u")).hasValue(Duration.ofNanos(7_000));
        assertThat(Timeouts.fromGrpc("99999999n")).hasValue(Duration.ofNanos(99_999_999));
    }

    @Test
    void shouldFailInvalidArgumentWhenGrpcTimeoutMalformed() {
        for (String bad : new String[] {"50", "123456789S", "5s", "m"}) {
            assertThatThrownBy(() -> Timeouts.fromGrpc(bad))
                    .isInstanceOfSatisfying(StatusException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }
}

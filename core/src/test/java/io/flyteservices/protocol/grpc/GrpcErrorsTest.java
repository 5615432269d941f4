package io.flyteservices.protocol.grpc;

import io.flyteservices.error.Errors;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorsTest {

    @Test
    void shouldKeepCodeAndCutDescriptionWhenMessageQuotesAHugeValue() {
        Status status = GrpcErrors.toStatus(Errors.invalidField("request.filters[0].field", "'" + "x".repeat(100_000)
                + "' is not a field"));

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("request.filters[0].field")
                .hasSize(GrpcErrors.MAX_DESCRIPTION_CHARS + 1);
    }

    @Test
    void shouldKeepShortDescriptionsAsTheyAre() {
        assertThat(GrpcErrors.toStatus(Errors.notFound("run", "r1")).getDescription())
                .isEqualTo(Errors.notFound("run", "r1").getMessage());
    }
}

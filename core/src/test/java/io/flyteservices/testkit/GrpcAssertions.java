package io.flyteservices.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Assertions on failed gRPC calls. */
public final class GrpcAssertions {

    private GrpcAssertions() {
    }

    /** Runs {@code call}, asserts it fails with {@code code} and a message mentioning {@code mentions}. */
    public static StatusRuntimeException assertFails(Status.Code code, String mentions,
                                                     ThrowableAssert.ThrowingCallable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("call should fail with %s", code).isNotNull();
        assertThat(e.getStatus().getCode()).as("status of: %s", e.getStatus().getDescription()).isEqualTo(code);
        assertThat(e.getStatus().getDescription()).contains(mentions);
        return e;
    }

    /** Like {@link #assertFails}, and asserts the database is exactly as before the call. */
    public static void assertRejectedUnchanged(DataSource db, Status.Code code, String mentions,
                                               ThrowableAssert.ThrowingCallable call) {
        DatabaseState before = DatabaseState.capture(db);
        assertFails(code, mentions, call);
        assertThat(DatabaseState.capture(db)).as("database after a rejected call").isEqualTo(before);
    }
}

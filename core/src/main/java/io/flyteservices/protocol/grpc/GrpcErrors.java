package io.flyteservices.protocol.grpc;

import io.flyteservices.error.ControlPlaneException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/** The only place that picks a gRPC {@link Status} for a failure. Unexpected failures become INTERNAL. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /**
     * Longest status description sent. Messages quote the offending value, and a value can be as long as the
     * request; the description travels in the grpc-message trailer, and a trailer over the client's header
     * limit (8 KiB in grpc-java) fails the call there with INTERNAL instead of the real code.
     */
    static final int MAX_DESCRIPTION_CHARS = 1024;

    public static Status toStatus(Throwable failure) {
        Status status = statusOf(failure);
        String description = status.getDescription();
        if (description == null || description.length() <= MAX_DESCRIPTION_CHARS) {
            return status;
        }
        // Not between the two halves of a surrogate pair: a lone half would reach the client as '?'.
        int cut = Character.isHighSurrogate(description.charAt(MAX_DESCRIPTION_CHARS - 1))
                ? MAX_DESCRIPTION_CHARS - 1 : MAX_DESCRIPTION_CHARS;
        return status.withDescription(description.substring(0, cut) + "…");
    }

    private static Status statusOf(Throwable failure) {
        return switch (failure) {
            case StatusRuntimeException e -> e.getStatus();
            case StatusException e -> e.getStatus();
            case ControlPlaneException.InvalidArgument e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            case ControlPlaneException.NotFound e -> Status.NOT_FOUND.withDescription(e.getMessage());
            case ControlPlaneException.AlreadyExists e -> Status.ALREADY_EXISTS.withDescription(e.getMessage());
            case ControlPlaneException.FailedPrecondition e ->
                    Status.FAILED_PRECONDITION.withDescription(e.getMessage());
            case ControlPlaneException.ResourceExhausted e ->
                    Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
            case ControlPlaneException.Unauthenticated e -> Status.UNAUTHENTICATED.withDescription(e.getMessage());
            case ControlPlaneException.PermissionDenied e ->
                    Status.PERMISSION_DENIED.withDescription(e.getMessage());
            case ControlPlaneException.Unavailable e -> Status.UNAVAILABLE.withDescription(e.getMessage());
            case ControlPlaneException.Internal e -> Status.INTERNAL.withDescription(e.getMessage());
            default -> Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        };
    }

    /** Whether the failure is one the system did not expect: a bug worth an ERROR log. */
    public static boolean isUnexpected(Throwable failure) {
        return !(failure instanceof ControlPlaneException)
                && !(failure instanceof StatusRuntimeException)
                && !(failure instanceof StatusException)
                || failure instanceof ControlPlaneException.Internal;
    }
}

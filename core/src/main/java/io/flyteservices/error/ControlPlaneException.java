package io.flyteservices.error;

/**
 * An outcome the client must be told about, with a message naming the field or entity concerned.
 * The subclass says which kind; {@link Errors} builds them.
 */
public abstract sealed class ControlPlaneException extends RuntimeException
        permits ControlPlaneException.InvalidArgument, ControlPlaneException.NotFound,
        ControlPlaneException.AlreadyExists, ControlPlaneException.FailedPrecondition,
        ControlPlaneException.ResourceExhausted, ControlPlaneException.Unavailable,
        ControlPlaneException.Internal, ControlPlaneException.Unauthenticated,
        ControlPlaneException.PermissionDenied {

    protected ControlPlaneException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The request is malformed; retrying it unchanged cannot succeed. */
    public static final class InvalidArgument extends ControlPlaneException {
        InvalidArgument(String message) {
            super(message, null);
        }
    }

    /** The named entity does not exist. */
    public static final class NotFound extends ControlPlaneException {
        NotFound(String message) {
            super(message, null);
        }
    }

    /** The entity the request would create exists already. */
    public static final class AlreadyExists extends ControlPlaneException {
        AlreadyExists(String message) {
            super(message, null);
        }
    }

    /** The system is not in a state in which the request can be applied. */
    public static final class FailedPrecondition extends ControlPlaneException {
        FailedPrecondition(String message) {
            super(message, null);
        }
    }

    /** The call carries no valid credentials. */
    public static final class Unauthenticated extends ControlPlaneException {
        Unauthenticated(String message) {
            super(message, null);
        }
    }

    /** The caller is known but may not touch what the request names. */
    public static final class PermissionDenied extends ControlPlaneException {
        PermissionDenied(String message) {
            super(message, null);
        }
    }

    /** A size or count limit was reached. */
    public static final class ResourceExhausted extends ControlPlaneException {
        ResourceExhausted(String message) {
            super(message, null);
        }
    }

    /** A dependency (the database) cannot be reached; the request may be retried. */
    public static final class Unavailable extends ControlPlaneException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Stored data cannot be read back: not the client's fault, and not transient. */
    public static final class Internal extends ControlPlaneException {
        Internal(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

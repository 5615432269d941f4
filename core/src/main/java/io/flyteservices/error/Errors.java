package io.flyteservices.error;

import io.flyteservices.error.ControlPlaneException.AlreadyExists;
import io.flyteservices.error.ControlPlaneException.FailedPrecondition;
import io.flyteservices.error.ControlPlaneException.Internal;
import io.flyteservices.error.ControlPlaneException.InvalidArgument;
import io.flyteservices.error.ControlPlaneException.NotFound;
import io.flyteservices.error.ControlPlaneException.PermissionDenied;
import io.flyteservices.error.ControlPlaneException.ResourceExhausted;
import io.flyteservices.error.ControlPlaneException.Unauthenticated;
import io.flyteservices.error.ControlPlaneException.Unavailable;

/** Builds {@link ControlPlaneException}s with uniform messages. */
public final class Errors {

    private Errors() {
    }

    public static InvalidArgument invalidArgument(String message) {
        return new InvalidArgument(message);
    }

    public static InvalidArgument invalidField(String field, String problem) {
        return new InvalidArgument(field + ": " + problem);
    }

    public static NotFound notFound(String entity, Object key) {
        return new NotFound(entity + " " + key + " not found");
    }

    public static AlreadyExists alreadyExists(String entity, Object key) {
        return new AlreadyExists(entity + " " + key + " already exists");
    }

    public static FailedPrecondition failedPrecondition(String message) {
        return new FailedPrecondition(message);
    }

    public static Unauthenticated unauthenticated(String message) {
        return new Unauthenticated(message);
    }

    public static PermissionDenied permissionDenied(String message) {
        return new PermissionDenied(message);
    }

    public static ResourceExhausted resourceExhausted(String message) {
        return new ResourceExhausted(message);
    }

    public static Unavailable unavailable(String message, Throwable cause) {
        return new Unavailable(message, cause);
    }

    public static Internal internal(String message, Throwable cause) {
        return new Internal(message, cause);
    }
}

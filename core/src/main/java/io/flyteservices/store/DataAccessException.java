package io.flyteservices.store;

/** A database failure that is neither the client's fault nor a transient outage: a bug or a broken schema. */
public final class DataAccessException extends RuntimeException {
    DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}

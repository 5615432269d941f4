package io.flyteservices.store;

import io.flyteservices.error.Errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** The one place that reads SQLSTATE codes and turns SQL failures into the system's exceptions. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** Serialization failure or deadlock: the whole transaction may simply be run again. */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    /** Connection trouble, server shutting down or out of connections: the client may retry later. */
    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /** Maps a failure that escaped a unit of work. */
    static RuntimeException translate(String what, SQLException e) {
        if (isUnavailable(e)) {
            return Errors.unavailable("database unavailable while " + what + ": " + e.getMessage(), e);
        }
        return new DataAccessException("database error while " + what + ": " + e.getMessage(), e);
    }
}

package io.flyteservices.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of database work on one connection; {@link Db} supplies the connection and the transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

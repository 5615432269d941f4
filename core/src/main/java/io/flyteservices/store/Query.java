package io.flyteservices.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A SQL fragment with its bound values, built from allow-listed fixed fragments (never from client text).
 * Values are bound in order; a {@code String[]} is bound as a text array for {@code = ANY(?)}.
 */
public record Query(String sql, List<Object> params) {

    public Query {
        params = List.copyOf(params);
    }

    int bind(Connection c, PreparedStatement ps, int index) throws SQLException {
        for (Object p : params) {
            if (p instanceof String[] array) {
                ps.setArray(index++, c.createArrayOf("text", array));
            } else if (p instanceof Integer[] array) {
                ps.setArray(index++, c.createArrayOf("int4", array));
            } else {
                ps.setObject(index++, p);
            }
        }
        return index;
    }
}

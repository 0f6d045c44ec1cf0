package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A fixed SQL text run with plain JDBC on a jOOQ transaction's connection, for the accounting hot path where
 * jOOQ's rendering and array binding cost more than the statement (see {@link SessionUpsert}). Failures are
 * reported as jOOQ reports its own statements, so that callers ({@link TransientFailures}) see the same SQL state
 * and constraint.
 */
final class PlainJdbc {
    private PlainJdbc() {}

    /** Binds and executes one statement. */
    interface Work<T> {
        T run(Connection connection, PreparedStatement statement) throws SQLException;
    }

    static <T> T run(DSLContext tx, String sql, Work<T> work) {
        return tx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return work.run(connection, statement);
            } catch (SQLException e) {
                throw new DataAccessException("SQL [" + sql.strip() + "]; " + e.getMessage(), e);
            }
        });
    }
}

package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

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

    /** Writes the rows of a {@code COPY … FROM STDIN}, a chunk at a time. */
    interface CopyWork {
        void write(CopyIn copy) throws SQLException;
    }

    /**
     * Runs {@code COPY … FROM STDIN} ({@code copySql}) on the transaction's connection, {@code work} writing its rows;
     * a failure cancels the copy and is reported as {@link #run}'s are.
     */
    static long copyIn(DSLContext tx, String copySql, CopyWork work) {
        return tx.connectionResult(connection -> {
            CopyIn copy = null;
            try {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                work.write(copy);
                return copy.endCopy();
            } catch (SQLException e) {
                if (copy != null && copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException cancel) {
                        e.addSuppressed(cancel);
                    }
                }
                throw new DataAccessException("SQL [" + copySql.strip() + "]; " + e.getMessage(), e);
            }
        });
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

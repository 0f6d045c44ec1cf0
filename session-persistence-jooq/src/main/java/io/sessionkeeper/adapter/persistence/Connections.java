package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Plain JDBC work on a pool's connection, for the reads and jobs whose SQL jOOQ would only render. */
final class Connections {
    private Connections() {}

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a connection of {@code dsl}'s pool; a failure is the store's ({@link StoreFailures}). */
    static <T> T on(DSLContext dsl, Work<T> work) {
        try {
            return dsl.connectionResult(work::run);
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    /**
     * Runs {@code work} in one transaction at {@code isolation} ({@code Connection.TRANSACTION_…}): committed when it
     * returns, rolled back when it throws; the connection's settings as they were afterwards.
     */
    static <T> T inTransaction(Connection connection, int isolation, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int before = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(isolation);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setTransactionIsolation(before);
            connection.setAutoCommit(autoCommit);
        }
    }
}

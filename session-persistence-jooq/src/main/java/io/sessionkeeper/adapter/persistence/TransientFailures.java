package io.sessionkeeper.adapter.persistence;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.TransactionalCallable;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Retries a whole transaction when PostgreSQL aborted it for a reason that a second try resolves: a deadlock
 * (rows of other keys, such as a device's superseded session, are locked in the order writes reach them), a
 * serialization failure, a race on the one-open-session-per-key index, or on a usage sample's key, or a session
 * saved as new that has a row. An unavailable database is not retried
 * here (the caller's caller decides when to try again): its failure leaves as {@link
 * io.sessionkeeper.domain.model.StoreUnavailableException}, whether it struck a statement, the begin or the commit.
 */
final class TransientFailures {
    static final int MAX_ATTEMPTS = 4;
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION = "40001";
    private static final String UNIQUE_VIOLATION = "23505";
    static final String OPEN_KEY_INDEX = "sessions_open_key_uk";
    static final String SESSIONS_KEY = "sessions_pk";
    static final String SAMPLES_KEY_PREFIX = "session_samples_";

    private TransientFailures() {}

    /**
     * Runs {@code work} in one transaction, retried as {@link #retry} says. The connection is taken once, before
     * the transaction begins: given only the pool, jOOQ takes a connection to begin and, when that fails, takes
     * another to roll back, so an exhausted pool would make the caller wait twice or thrice its time-out.
     */
    static <T> T transaction(DSLContext dsl, TransactionalCallable<T> work) {
        return retry(() -> dsl.connectionResult(
                connection -> DSL.using(dsl.configuration().derive(connection)).transactionResult(work)));
    }

    static <T> T retry(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (DataAccessException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
                    throw StoreFailures.translate(e);
                }
                pause(attempt);
            }
        }
    }

    static boolean isTransient(DataAccessException e) {
        String state = sqlState(e);
        if (DEADLOCK.equals(state) || SERIALIZATION.equals(state)) {
            return true;
        }
        if (!UNIQUE_VIOLATION.equals(state)) {
            return false;
        }
        String constraint = constraint(e);
        // a usage sample another instance's fold stored at the same moment (SessionSamplesAppend): the retry's look-up
        // skips it; the key is named after the day's partition (session_samples_p20260104_pkey). A session saved as
        // made by the unit whose id has a row after all (SessionUpsert.INSERT_MADE): the retry inserts with ON
        // CONFLICT.
        return OPEN_KEY_INDEX.equals(constraint)
                || SESSIONS_KEY.equals(constraint)
                || constraint != null && constraint.startsWith(SAMPLES_KEY_PREFIX);
    }

    static boolean isUniqueViolation(DataAccessException e, String constraint) {
        return UNIQUE_VIOLATION.equals(sqlState(e)) && constraint.equals(constraint(e));
    }

    private static String sqlState(DataAccessException e) {
        SQLException sql = e.getCause(SQLException.class);
        return sql == null ? null : sql.getSQLState();
    }

    private static String constraint(DataAccessException e) {
        PSQLException psql = e.getCause(PSQLException.class);
        if (psql == null) {
            return null;
        }
        ServerErrorMessage message = psql.getServerErrorMessage();
        return message == null ? null : message.getConstraint();
    }

    static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20) * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", interrupted);
        }
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jooq.ExecuteContext;

/**
 * Tells a database that cannot serve now from a statement that failed, and reports the first as the ports promise:
 * {@link StoreUnavailableException}. Unavailable means: no free connection of the pool in time (HikariCP's {@link
 * SQLTransientConnectionException}), or an SQLSTATE of class 08 (connection exception: refused, broken, no answer
 * within the socket time-out), 53 (insufficient resources: too many connections, disk full), 57 (operator
 * intervention: 57014 is the statement time-out, 57P01-03 a server shutting down or starting) or 58 (system error:
 * I/O). Every other failure (a constraint, bad data, a deadlock) says something about the statement and stays what
 * it is.
 */
final class StoreFailures {
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58");
    private static final int MAX_REASON = 200;

    private StoreFailures() {}

    static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().length() >= 2
                    && UNAVAILABLE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** {@code failure} as {@link StoreUnavailableException} when it is one of unavailability, else itself. */
    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof StoreUnavailableException || !isUnavailable(failure)) {
            return failure;
        }
        return new StoreUnavailableException("database unavailable: " + reason(failure), failure);
    }

    /** jOOQ's exception hook: every statement the adapters run passes here when it fails. */
    static void onStatementFailure(ExecuteContext ctx) {
        RuntimeException failure = ctx.exception();
        if (failure != null) {
            RuntimeException translated = translate(failure);
            if (translated != failure) {
                ctx.exception(translated);
            }
        }
    }

    /**
     * What went wrong, for the log: the SQLSTATE and the driver's or pool's first line. Never the SQL text, which
     * can hold inlined values.
     */
    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String message =
                        String.valueOf(sql.getMessage()).lines().findFirst().orElse("");
                if (message.length() > MAX_REASON) {
                    message = message.substring(0, MAX_REASON) + "…";
                }
                return (sql.getSQLState() == null ? "" : "SQLSTATE " + sql.getSQLState() + ": ") + message;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return failure.getClass().getSimpleName();
    }
}

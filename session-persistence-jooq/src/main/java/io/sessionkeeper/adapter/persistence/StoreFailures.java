package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jooq.ExecuteContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Database failures as the ports promise them. Every statement: tells a database that cannot serve now from a
 * statement that failed, and reports the first as
 * {@link StoreUnavailableException}. Unavailable means: no free connection of the pool in time (HikariCP's {@link
 * SQLTransientConnectionException}), or an SQLSTATE of class 08 (connection exception: refused, broken, no answer
 * within the socket time-out), 53 (insufficient resources: too many connections, disk full), 57 (operator
 * intervention: 57014 is the statement time-out, 57P01-03 a server shutting down or starting) or 58 (system error:
 * I/O). Every other failure (a constraint, bad data, a deadlock) says something about the statement and stays what
 * it is.
 *
 * <p>The accounting write ({@link #accounting}) is stricter, because its caller acts on the difference: refused data
 * ({@link StoreRejectedDataException}: the batch may be split to isolate the events refused) or an unavailable
 * database ({@link StoreUnavailableException}: nothing to split, the NAS retransmits later). By SQLSTATE class
 * (PostgreSQL Appendix A), refused data is only 21 cardinality violation, 22 data exception (invalid byte sequence
 * or NUL 22021, value too long 22001, numeric out of range 22003, …), 23 integrity constraint violation (check 23514,
 * not-null 23502, unique 23505 once {@link TransientFailures} gave up retrying it, …), 44 WITH CHECK OPTION and 54
 * program limit exceeded (index row too large 54000, …). Everything else counts as an unavailable database there:
 * besides the classes above, 55P03 lock time-out, 25006 read-only (a standby after fail-over), 40001/40P01 once
 * retried, 28 authorization, 42 (not the database this service needs), XX, and any failure without a SQLSTATE.
 * The default is deliberate: splitting a batch turns one failed transaction into dozens, which helps refused data
 * and hurts a database in trouble. Messages name the SQLSTATE and, for refused data, the constraint, table and
 * column: never the values (they come from the packet) nor the statement.
 */
final class StoreFailures {
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58");
    private static final Set<String> DATA_CLASSES = Set.of("21", "22", "23", "44", "54");
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

    /** Whether a failure with this SQLSTATE is about the data written rather than the database's state. */
    static boolean isRefusedData(String sqlState) {
        return sqlState != null && sqlState.length() == 5 && DATA_CLASSES.contains(sqlState.substring(0, 2));
    }

    /** The domain's exception for a failure of the accounting write: refused data or an unavailable database. */
    static DomainException accounting(DataAccessException e) {
        SQLException sql = e.getCause(SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        if (isRefusedData(state)) {
            return new StoreRejectedDataException(
                    "the database refused the data (SQLSTATE " + state + serverDetail(e) + ")", e);
        }
        Throwable reason = sql != null ? sql : e;
        return new StoreUnavailableException(
                "the database is unavailable (" + (state == null ? "no SQLSTATE" : "SQLSTATE " + state) + ": "
                        + reason.getClass().getSimpleName() + ": " + firstLine(reason.getMessage()) + ")",
                e);
    }

    /** Schema names from PostgreSQL's error fields: which constraint, table, column refused. */
    private static String serverDetail(DataAccessException e) {
        PSQLException psql = e.getCause(PSQLException.class);
        ServerErrorMessage server = psql == null ? null : psql.getServerErrorMessage();
        if (server == null) {
            return "";
        }
        StringBuilder detail = new StringBuilder();
        append(detail, "constraint", server.getConstraint());
        append(detail, "table", server.getTable());
        append(detail, "column", server.getColumn());
        append(detail, "type", server.getDatatype());
        return detail.toString();
    }

    private static void append(StringBuilder detail, String name, String value) {
        if (value != null && !value.isEmpty()) {
            detail.append(", ").append(name).append(' ').append(firstLine(value));
        }
    }

    /** The first line, clipped: a log line stays one line. */
    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                end = i;
                break;
            }
        }
        return text.substring(0, Math.min(end, MAX_REASON));
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.sql.SQLException;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells the accounting path's two kinds of database failure apart, so that the domain and the RADIUS adapter can act
 * without knowing SQL: refused data ({@link StoreRejectedDataException}: the batch may be split to isolate the
 * events refused) and an unavailable database ({@link StoreUnavailableException}: nothing to split, the NAS
 * retransmits later).
 *
 * <p>By SQLSTATE class (PostgreSQL Appendix A), refused data is only:
 *
 * <ul>
 *   <li>21 cardinality violation (a statement would change one row twice);
 *   <li>22 data exception (invalid byte sequence or NUL in text 22021, value too long 22001, numeric out of range
 *       22003, invalid text representation 22P02, …);
 *   <li>23 integrity constraint violation (check 23514, not-null 23502, unique 23505 once {@link TransientFailures}
 *       gave up retrying it, …);
 *   <li>44 WITH CHECK OPTION violation;
 *   <li>54 program limit exceeded (index row too large 54000, too many arguments 54023, …).
 * </ul>
 *
 * <p>Everything else is an unavailable database: 08 connection, 53 insufficient resources (disk full, out of
 * memory, too many connections), 57 operator intervention (57014 statement time-out or cancel, 57P01 shutdown),
 * 58 system error, 55P03 lock time-out, 25006 read-only (a standby after fail-over), 40001/40P01 serialization
 * failure or deadlock once {@link TransientFailures} gave up retrying, 28 authorization, 42 (missing table or
 * privilege: the database is not the one this service needs), XX internal error, and any failure without a SQLSTATE
 * (no connection from the pool within its time-out, an I/O error). The default is deliberate: splitting a batch
 * turns one failed transaction into dozens, which helps refused data and hurts a database in trouble.
 *
 * <p>Messages name the SQLSTATE and, for refused data, the constraint, table and column: never the values (they
 * come from the packet) nor the statement.
 */
final class StoreFailures {
    private static final Set<String> DATA_CLASSES = Set.of("21", "22", "23", "44", "54");
    private static final int MAX_DETAIL = 200;

    private StoreFailures() {}

    /** Whether a failure with this SQLSTATE is about the data written rather than the database's state. */
    static boolean isRefusedData(String sqlState) {
        return sqlState != null && sqlState.length() == 5 && DATA_CLASSES.contains(sqlState.substring(0, 2));
    }

    /** The domain's exception for a failure of the accounting path. */
    static DomainException translate(DataAccessException e) {
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
        return text.substring(0, Math.min(end, MAX_DETAIL));
    }
}

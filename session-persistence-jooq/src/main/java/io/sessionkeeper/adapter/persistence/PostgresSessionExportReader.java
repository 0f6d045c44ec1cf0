package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.jooq.tables.Sessions;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.conf.ParamType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Chunks of an export from PostgreSQL: one {@code SELECT … ORDER BY start_time DESC, id DESC LIMIT n} per chunk,
 * continued after the previous chunk's last row (keyset), each in autocommit, so each is a transaction of its own
 * that ends with the statement. No snapshot, cursor or connection is held between chunks: a long export neither
 * holds back vacuum's HOT pruning nor runs into a statement time-out, and a client that reads slowly holds no
 * connection while it reads. See docs/adr/0023-streamed-exports.md.
 *
 * <p>jOOQ renders a chunk's query (the listing's conditions are jOOQ's) with its values inlined (one statement per
 * 5,000 rows: planning it anew costs nothing next to its rows) and plain JDBC reads the rows into sessions
 * ({@link SessionRows}, as the accounting path does): fetching them as jOOQ records and mapping those took 55 % of
 * the service's CPU in an export (JFR, 300,000 rows).
 */
public final class PostgresSessionExportReader implements SessionExportReader {
    private final DSLContext dsl;

    /** Over the pool of the work it serves: the service gives it the background pool. */
    public PostgresSessionExportReader(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<Session> readChunk(SessionFilter filter, SessionCursor after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String sql = chunkQuery(dsl, filter, after, limit).getSQL(ParamType.INLINED);
        return dsl.connectionResult(connection -> {
            List<Session> chunk = new ArrayList<>(limit);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    chunk.add(SessionRows.read(rows));
                }
            } catch (SQLException e) {
                throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
            }
            return chunk;
        });
    }

    @Override
    public long count(SessionFilter filter) {
        Sessions table = SessionParts.of(filter.status());
        return dsl.selectCount()
                .from(table)
                .where(SessionConditions.of(filter, table))
                .fetchSingle()
                .value1();
    }

    /**
     * The listing's query, by key instead of offset. The cursor is written {@code start_time <= t AND (start_time < t
     * OR id < i)} rather than as a row comparison, so that the bound on start_time is an index condition of every
     * start-ordered index (the tenant's, the NAS's, the open sessions'), whichever the planner takes for the filter.
     */
    static ResultQuery<?> chunkQuery(DSLContext ctx, SessionFilter filter, SessionCursor after, int limit) {
        Sessions s = SessionParts.of(filter.status()).as("s");
        Condition where = SessionConditions.of(filter, s);
        if (after != null) {
            Instant start = Instants.toDb(after.startTime());
            where = where.and(s.START_TIME.le(start))
                    .and(s.START_TIME.lt(start).or(s.ID.lt(after.id().value())));
        }
        return ctx.select(DSL.field(DSL.sql(SessionRows.COLUMNS)))
                .from(s)
                .where(where)
                .orderBy(s.START_TIME.desc(), s.ID.desc())
                .limit(limit);
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.SessionsRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.SessionMapper;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;

/**
 * Chunks of an export from PostgreSQL: one {@code SELECT … ORDER BY start_time DESC, id DESC LIMIT n} per chunk,
 * continued after the previous chunk's last row (keyset), each in autocommit, so each is a transaction of its own
 * that ends with the statement. No snapshot, cursor or connection is held between chunks: a long export neither
 * holds back vacuum's HOT pruning nor runs into a statement time-out, and a client that reads slowly holds no
 * connection while it reads. See docs/adr/0023-streamed-exports.md.
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
        return chunkQuery(dsl, filter, after, limit).fetch(SessionMapper::toSession);
    }

    @Override
    public long count(SessionFilter filter) {
        return dsl.selectCount()
                .from(SESSIONS)
                .where(SessionConditions.of(filter))
                .fetchSingle()
                .value1();
    }

    /**
     * The listing's query, by key instead of offset. The cursor is written {@code start_time <= t AND (start_time < t
     * OR id < i)} rather than as a row comparison, so that the bound on start_time is an index condition of every
     * start-ordered index (the tenant's, the NAS's, the open sessions'), whichever the planner takes for the filter.
     */
    static ResultQuery<SessionsRecord> chunkQuery(
            DSLContext ctx, SessionFilter filter, SessionCursor after, int limit) {
        Condition where = SessionConditions.of(filter);
        if (after != null) {
            Instant start = Instants.toDb(after.startTime());
            where = where.and(SESSIONS.START_TIME.le(start))
                    .and(SESSIONS.START_TIME
                            .lt(start)
                            .or(SESSIONS.ID.lt(after.id().value())));
        }
        return ctx.selectFrom(SESSIONS)
                .where(where)
                .orderBy(SESSIONS.START_TIME.desc(), SESSIONS.ID.desc())
                .limit(limit);
    }
}

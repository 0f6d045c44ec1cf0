package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_EVENTS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.SessionEventsRecord;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.SessionEvents;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Session events in {@code session_events} (V14): appended in one statement ({@link SessionEventInsert}), read by the
 * primary key {@code (tenant_id, session_id, occurred_at, seq)}, which is the timeline's order.
 */
public final class PostgresSessionEvents implements SessionEvents {
    private final DSLContext dsl;

    public PostgresSessionEvents(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public void append(Collection<SessionEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            TransientFailures.transaction(dsl, configuration -> {
                SessionEventInsert.execute(configuration.dsl(), events);
                return null;
            });
        } catch (DataAccessException e) {
            throw StoreFailures.accounting(e);
        }
    }

    @Override
    public List<SessionEvent> of(TenantId tenant, SessionId session, long offset, int limit) {
        return dsl.selectFrom(SESSION_EVENTS)
                .where(SESSION_EVENTS.TENANT_ID.eq(tenant.value()), SESSION_EVENTS.SESSION_ID.eq(session.value()))
                .orderBy(SESSION_EVENTS.OCCURRED_AT, SESSION_EVENTS.SEQ)
                .offset(Math.max(0, offset))
                .limit(Math.max(0, limit))
                .fetch(PostgresSessionEvents::toEvent);
    }

    static SessionEvent toEvent(SessionEventsRecord row) {
        return new SessionEvent(
                TenantId.of(row.getTenantId()), new SessionId(row.getSessionId()), row.getOccurredAt(), detailOf(row));
    }

    private static SessionEvent.Detail detailOf(SessionEventsRecord row) {
        return switch (row.getType()) {
            case SessionEventInsert.IP_CHANGED -> new SessionEvent.IpChanged(row.getIpOld(), row.getIpNew());
            case SessionEventInsert.SPEED_CHANGED ->
                new SessionEvent.SpeedChanged(row.getRateLimit(), answerOf(row), requesterOf(row));
            case SessionEventInsert.DISCONNECT_REQUESTED ->
                new SessionEvent.DisconnectRequested(requesterOf(row), Boolean.TRUE.equals(row.getForced()));
            case SessionEventInsert.DISCONNECT_RESULT -> new SessionEvent.DisconnectAnswered(answerOf(row));
            case SessionEventInsert.NAS_REBOOTED -> new SessionEvent.NasRebooted();
            case SessionEventInsert.CLOSED_AS_STALE -> new SessionEvent.ClosedAsStale();
            case SessionEventInsert.SUPERSEDED -> new SessionEvent.Superseded(new SessionId(row.getOtherSessionId()));
            case SessionEventInsert.QUALITY_DEGRADED, SessionEventInsert.QUALITY_RECOVERED ->
                new SessionEvent.QualityChanged(
                        row.getType() == SessionEventInsert.QUALITY_DEGRADED,
                        row.getQualityRttP95Ms() == null
                                ? null
                                : row.getQualityRttP95Ms().doubleValue(),
                        row.getQualityLossPercent() == null
                                ? null
                                : row.getQualityLossPercent().doubleValue());
            default -> throw new IllegalStateException("unknown stored event type " + row.getType());
        };
    }

    private static CoaAnswer answerOf(SessionEventsRecord row) {
        CoaAnswer.Outcome outcome = SessionEventInsert.outcomeOf(row.getResult());
        return new CoaAnswer(outcome, row.getErrorCause() == null ? 0 : row.getErrorCause());
    }

    private static Requester requesterOf(SessionEventsRecord row) {
        return row.getTokenId() == null ? null : new Requester(new TokenId(row.getTokenId()), row.getTokenName());
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_EVENTS;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.AddressHistory;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * {@link AddressHistory} over {@code sessions} and {@code session_events}: the sessions whose address is the one asked
 * about ({@code sessions_tenant_framed_ip_idx}) and those that had it before an IP change or took it in one (the
 * partial indexes of V26), kept when they had begun and had not ended at the instant; then their IP changes, in one
 * more statement. Two statements, no transaction: an IP change committed between them is one the domain's rule reads
 * consistently anyway (a change after the instant asked about does not move the stretch that contains it).
 */
final class PostgresAddressHistory implements AddressHistory {
    static final String CANDIDATES = "WITH held AS (\n"
            + "  SELECT s.id FROM sessions s WHERE s.tenant_id = ? AND s.framed_ip = ?::inet\n"
            + "  UNION\n"
            + "  SELECT e.session_id FROM session_events e\n"
            + "  WHERE e.tenant_id = ? AND e.type = " + SessionEventInsert.IP_CHANGED
            + " AND (e.ip_old = ?::inet OR e.ip_new = ?::inet))\n"
            + "SELECT " + SessionRows.COLUMNS + "\n"
            + "FROM held JOIN sessions s ON s.tenant_id = ? AND s.id = held.id\n"
            + "WHERE s.start_time <= ? AND (s.stop_time IS NULL OR s.stop_time > ?)\n"
            + "ORDER BY s.start_time DESC, s.id DESC\n"
            + "LIMIT ?";

    private final DSLContext dsl;

    PostgresAddressHistory(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<Candidate> candidates(TenantId tenant, IpAddress address, Instant at, int limit) {
        String ip = address.toString();
        OffsetDateTime instant = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        Map<UUID, Session> sessions = new LinkedHashMap<>();
        PlainJdbc.run(dsl, CANDIDATES, (connection, statement) -> {
            statement.setString(1, tenant.value());
            statement.setString(2, ip);
            statement.setString(3, tenant.value());
            statement.setString(4, ip);
            statement.setString(5, ip);
            statement.setString(6, tenant.value());
            statement.setObject(7, instant);
            statement.setObject(8, instant);
            statement.setInt(9, Math.max(0, limit));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Session session = SessionRows.read(rows);
                    sessions.put(session.id().value(), session);
                }
            }
            return null;
        });
        if (sessions.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<SessionEvent>> changes = new HashMap<>();
        dsl.selectFrom(SESSION_EVENTS)
                .where(
                        SESSION_EVENTS.TENANT_ID.eq(tenant.value()),
                        SESSION_EVENTS.SESSION_ID.in(sessions.keySet()),
                        SESSION_EVENTS.TYPE.eq(SessionEventInsert.IP_CHANGED))
                .orderBy(SESSION_EVENTS.SESSION_ID, SESSION_EVENTS.OCCURRED_AT, SESSION_EVENTS.SEQ)
                .fetch()
                .forEach(row -> changes.computeIfAbsent(row.getSessionId(), id -> new ArrayList<>())
                        .add(PostgresSessionEvents.toEvent(row)));
        List<Candidate> candidates = new ArrayList<>(sessions.size());
        sessions.forEach((id, session) -> candidates.add(new Candidate(session, changes.getOrDefault(id, List.of()))));
        return candidates;
    }
}

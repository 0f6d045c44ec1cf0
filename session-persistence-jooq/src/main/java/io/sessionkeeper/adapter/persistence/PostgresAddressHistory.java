package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_EVENTS;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.AddressHistory;
import java.net.Inet6Address;
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
 * {@link AddressHistory} over {@code sessions_all} (hot and history, V30) and {@code session_events}: the sessions
 * whose address is the one asked
 * about ({@code sessions_tenant_framed_ip_idx}) and those that had it before an IP change or took it in one (the
 * partial indexes of V26), kept when they had begun and had not ended at the instant; then their IP changes, in one
 * more statement. Two statements, no transaction: an IP change committed between them is one the domain's rule reads
 * consistently anyway (a change after the instant asked about does not move the stretch that contains it).
 *
 * <p>An IPv6 address ({@link #CANDIDATES_IPV6}): the sessions whose Framed-IPv6-Address is it, or whose
 * Framed-IPv6-Prefix or Delegated-IPv6-Prefix is one of the 129 prefixes that contain it ({@link
 * Ipv6Prefix#containing}: the address masked at each length 0 to 128). That is {@link Ipv6Assignment#holds} in SQL,
 * as B-tree equality on the three partial indexes of V27 (a probe per prefix; no GiST index, whose entries cost more
 * to write and which answers {@code >>=} no faster for one address). No IP changes are read: IPv6 changes are not
 * events (ADR 0046).
 */
final class PostgresAddressHistory implements AddressHistory {
    static final String CANDIDATES = "WITH held AS (\n"
            + "  SELECT s.id FROM sessions_all s WHERE s.tenant_id = ? AND s.framed_ip = ?::inet\n"
            + "    AND s.start_time <= ? AND (s.stop_time IS NULL OR s.stop_time > ?)\n"
            + "  UNION\n"
            + "  SELECT e.session_id FROM session_events e\n"
            + "  WHERE e.tenant_id = ? AND e.type = " + SessionEventInsert.IP_CHANGED
            + " AND (e.ip_old = ?::inet OR e.ip_new = ?::inet))\n"
            + "SELECT " + SessionRows.COLUMNS + "\n"
            + "FROM held CROSS JOIN LATERAL (SELECT * FROM sessions_all s WHERE s.tenant_id = ? AND s.id = held.id\n"
            + "  AND s.start_time <= ? AND (s.stop_time IS NULL OR s.stop_time > ?) LIMIT 1) s\n"
            + "ORDER BY s.start_time DESC, s.id DESC\n"
            + "LIMIT ?";

    static final String CANDIDATES_IPV6 = "WITH held AS (\n"
            + "  SELECT s.id FROM sessions_all s WHERE s.tenant_id = ? AND s.framed_ipv6 = ?::inet\n"
            + "  UNION\n"
            + "  SELECT s.id FROM sessions_all s WHERE s.tenant_id = ? AND s.framed_ipv6_prefix = ANY (?::inet[])\n"
            + "  UNION\n"
            + "  SELECT s.id FROM sessions_all s WHERE s.tenant_id = ? AND s.delegated_ipv6_prefix = ANY (?::inet[]))\n"
            + "SELECT " + SessionRows.COLUMNS + "\n"
            + "FROM held CROSS JOIN LATERAL (SELECT * FROM sessions_all s WHERE s.tenant_id = ? AND s.id = held.id\n"
            + "  AND s.start_time <= ? AND (s.stop_time IS NULL OR s.stop_time > ?) LIMIT 1) s\n"
            + "ORDER BY s.start_time DESC, s.id DESC\n"
            + "LIMIT ?";

    private final DSLContext dsl;

    PostgresAddressHistory(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<Candidate> candidates(TenantId tenant, IpAddress address, Instant at, int limit) {
        if (address.address() instanceof Inet6Address) {
            return ipv6Candidates(tenant, address, at, limit);
        }
        String ip = address.toString();
        OffsetDateTime instant = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        Map<UUID, Session> sessions = new LinkedHashMap<>();
        PlainJdbc.run(dsl, CANDIDATES, (connection, statement) -> {
            statement.setString(1, tenant.value());
            statement.setString(2, ip);
            statement.setObject(3, instant);
            statement.setObject(4, instant);
            statement.setString(5, tenant.value());
            statement.setString(6, ip);
            statement.setString(7, ip);
            statement.setString(8, tenant.value());
            statement.setObject(9, instant);
            statement.setObject(10, instant);
            statement.setInt(11, Math.max(0, limit));
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

    private List<Candidate> ipv6Candidates(TenantId tenant, IpAddress address, Instant at, int limit) {
        List<Ipv6Prefix> containing = Ipv6Prefix.containing(address);
        String[] prefixes = new String[containing.size()];
        for (int i = 0; i < prefixes.length; i++) {
            prefixes[i] = containing.get(i).toString();
        }
        OffsetDateTime instant = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        List<Candidate> candidates = new ArrayList<>();
        PlainJdbc.run(dsl, CANDIDATES_IPV6, (connection, statement) -> {
            statement.setString(1, tenant.value());
            statement.setString(2, address.toString());
            statement.setString(3, tenant.value());
            statement.setObject(4, prefixes);
            statement.setString(5, tenant.value());
            statement.setObject(6, prefixes);
            statement.setString(7, tenant.value());
            statement.setObject(8, instant);
            statement.setObject(9, instant);
            statement.setInt(10, Math.max(0, limit));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(new Candidate(SessionRows.read(rows), List.of()));
                }
            }
            return null;
        });
        return candidates;
    }
}

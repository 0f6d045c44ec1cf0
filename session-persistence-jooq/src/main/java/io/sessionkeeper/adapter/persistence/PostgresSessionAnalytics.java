package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.QuarterHours;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UserUsage;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The reads of analytics on PostgreSQL, each on an index: the concurrency roll-ups ({@code concurrency_nas_hours},
 * {@code concurrency_tenant_hours}: their primary keys), the open sessions ({@code sessions_open_nas_user_idx}), a
 * tenant's sessions by start ({@code sessions_tenant_start_idx}) and by user ({@code sessions_tenant_username_idx}),
 * {@code nas_activity} and {@code nas_packet_minutes} by NAS.
 */
final class PostgresSessionAnalytics implements SessionAnalytics {
    private static final long HOUR_MILLIS = 3_600_000L;

    private final DSLContext dsl;

    PostgresSessionAnalytics(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T on(Work<T> work) {
        try {
            return dsl.connectionResult(work::run);
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    @Override
    public ConcurrencyTotals concurrency(TenantId tenant, NasId nasId, Instant from, Instant to) {
        long base = from.toEpochMilli();
        int quarters = (int) Math.max(0, (to.toEpochMilli() - base) / QuarterHours.QUARTER_MILLIS);
        long[] millis = new long[quarters];
        return on(connection -> {
            Instant countedUntil;
            try (PreparedStatement st =
                            connection.prepareStatement("SELECT counted_until FROM concurrency_state WHERE id = 1");
                    ResultSet rows = st.executeQuery()) {
                Timestamp until = rows.next() ? rows.getTimestamp(1) : null;
                countedUntil = until == null ? from : until.toInstant();
            }
            String sql = nasId == null
                    ? "SELECT hour, q1_ms, q2_ms, q3_ms, q4_ms FROM concurrency_tenant_hours WHERE tenant_id = ?"
                            + " AND hour >= ? AND hour < ?"
                    : "SELECT hour, q1_ms, q2_ms, q3_ms, q4_ms FROM concurrency_nas_hours WHERE tenant_id = ?"
                            + " AND nas_id = ? AND hour >= ? AND hour < ?";
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                int i = 1;
                st.setString(i++, tenant.value());
                if (nasId != null) {
                    st.setObject(i++, nasId.value());
                }
                st.setObject(i++, ConcurrencyRollup.time(Math.floorDiv(base, HOUR_MILLIS) * HOUR_MILLIS));
                st.setObject(i, ConcurrencyRollup.time(to.toEpochMilli()));
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        long hour = rows.getTimestamp(1).getTime();
                        for (int q = 0; q < 4; q++) {
                            long quarter = hour + q * QuarterHours.QUARTER_MILLIS;
                            long index = (quarter - base) / QuarterHours.QUARTER_MILLIS;
                            if (quarter >= base && index < quarters) {
                                millis[(int) index] += rows.getLong(2 + q);
                            }
                        }
                    }
                }
            }
            return new ConcurrencyTotals(from, millis, countedUntil);
        });
    }

    /**
     * Users with two or more open sessions: from the open sessions' index of (NAS, User-Name), over the tenant's
     * NAS. Users with {@code minMacs} MACs since the window's start: the tenant's start index. Then each user's
     * sessions on the user index.
     */
    private static final String CANDIDATES = """
            SELECT username FROM (
              SELECT username FROM sessions
              WHERE stop_time IS NULL AND nas_id IN (SELECT id FROM nas WHERE tenant_id = ?)
              GROUP BY username HAVING count(*) >= 2
              UNION
              SELECT username FROM sessions WHERE tenant_id = ? AND start_time >= ?
              GROUP BY username HAVING count(DISTINCT mac_address) >= ?
            ) u ORDER BY username LIMIT ?""";

    private static final String SESSIONS_OF_USERS = "SELECT " + SessionRows.COLUMNS + "\n" + """
             FROM unnest(?::varchar[]) AS u(username) CROSS JOIN LATERAL (
              SELECT * FROM sessions s WHERE s.tenant_id = ? AND s.username = u.username
                AND (s.stop_time IS NULL OR s.start_time >= ?)
              ORDER BY s.start_time DESC LIMIT ?) s""";

    @Override
    public List<DeviceSession> multiDeviceCandidates(
            TenantId tenant, Instant windowStart, int minMacs, int maxUsers, int maxSessionsPerUser) {
        return on(connection -> {
            List<String> users = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(CANDIDATES)) {
                st.setString(1, tenant.value());
                st.setString(2, tenant.value());
                st.setObject(3, ConcurrencyRollup.time(windowStart.toEpochMilli()));
                st.setInt(4, minMacs);
                st.setInt(5, maxUsers);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        users.add(rows.getString(1));
                    }
                }
            }
            List<DeviceSession> sessions = new ArrayList<>();
            if (users.isEmpty()) {
                return sessions;
            }
            try (PreparedStatement st = connection.prepareStatement(SESSIONS_OF_USERS)) {
                st.setArray(1, connection.createArrayOf("varchar", users.toArray()));
                st.setString(2, tenant.value());
                st.setObject(3, ConcurrencyRollup.time(windowStart.toEpochMilli()));
                st.setInt(4, maxSessionsPerUser);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        sessions.add(DeviceSession.of(SessionRows.read(rows)));
                    }
                }
            }
            return sessions;
        });
    }

    @Override
    public List<NasPulse> nasPulses(TenantId tenant, List<NasId> nasIds, Instant fromMinute, Instant toMinute) {
        if (nasIds.isEmpty()) {
            return List.of();
        }
        Object[] ids = nasIds.stream().map(NasId::value).toArray();
        return on(connection -> {
            Map<UUID, Map<Instant, Long>> minutes = new HashMap<>();
            try (PreparedStatement st = connection.prepareStatement("""
                    SELECT nas_id, minute, sum(packets)::int8 FROM nas_packet_minutes
                    WHERE nas_id = ANY(?::uuid[]) AND minute >= ? AND minute < ? AND tenant_id = ?
                    GROUP BY nas_id, minute""")) {
                st.setArray(1, connection.createArrayOf("uuid", ids));
                st.setObject(2, ConcurrencyRollup.time(fromMinute.toEpochMilli()));
                st.setObject(3, ConcurrencyRollup.time(toMinute.toEpochMilli()));
                st.setString(4, tenant.value());
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        minutes.computeIfAbsent(rows.getObject(1, UUID.class), n -> new HashMap<>())
                                .put(rows.getTimestamp(2).toInstant(), rows.getLong(3));
                    }
                }
            }
            List<NasPulse> pulses = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement("""
                    SELECT n.id, a.last_accounting_at, a.last_accounting_on_at, a.last_accounting_off_at
                    FROM unnest(?::uuid[]) AS n(id) LEFT JOIN nas_activity a ON a.nas_id = n.id AND a.tenant_id = ?""")) {
                st.setArray(1, connection.createArrayOf("uuid", ids));
                st.setString(2, tenant.value());
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        pulses.add(new NasPulse(
                                new NasId(id),
                                instant(rows.getTimestamp(2)),
                                instant(rows.getTimestamp(3)),
                                instant(rows.getTimestamp(4)),
                                minutes.getOrDefault(id, Map.of())));
                    }
                }
            }
            return pulses;
        });
    }

    @Override
    public List<UserUsage> topUsers(TenantId tenant, Instant from, Instant to, int limit) {
        return on(connection -> {
            List<UserUsage> users = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement("""
                    SELECT username, sum(download_octets)::int8 AS d, sum(upload_octets)::int8 AS u, count(*)
                    FROM sessions WHERE tenant_id = ? AND start_time >= ? AND start_time < ?
                    GROUP BY username ORDER BY sum(download_octets) + sum(upload_octets) DESC, username LIMIT ?""")) {
                st.setString(1, tenant.value());
                st.setObject(2, ConcurrencyRollup.time(from.toEpochMilli()));
                st.setObject(3, ConcurrencyRollup.time(to.toEpochMilli()));
                st.setInt(4, limit);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        users.add(new UserUsage(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                    }
                }
            }
            return users;
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

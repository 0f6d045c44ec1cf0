package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.QuarterHours;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageRanking;
import io.sessionkeeper.domain.model.UserUsage;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * The reads of analytics on PostgreSQL, each on an index: the concurrency roll-ups ({@code concurrency_nas_hours},
 * {@code concurrency_tenant_hours}: their primary keys), the open sessions ({@code sessions_open_device_idx}), a
 * tenant's sessions by start ({@code sessions_tenant_start_idx}) and by user ({@code sessions_tenant_username_idx}),
 * {@code nas_activity} and {@code nas_packet_minutes} by NAS.
 */
final class PostgresSessionAnalytics implements SessionAnalytics {
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    private final DSLContext dsl;

    PostgresSessionAnalytics(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    private <T> T on(Connections.Work<T> work) {
        return Connections.on(dsl, work);
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
     * NAS. Users with {@code minMacs} universally administered MACs since the window's start (the rule's MANY_MACS
     * never counts a locally administered one, {@code DeviceSession.isRandomized}: the second hex digit without its
     * 0x2 bit): the tenant's start index. Then each user's sessions: its open ones on the open sessions' index, the
     * others started in the window on the user index — one scan of the user index with "open or in the window" as a
     * filter read every session of the user's history (10M sessions, 2,001 users: 385 of 583 ms).
     */
    private static final String CANDIDATES = """
            SELECT username FROM (
              SELECT username FROM sessions
              WHERE {OPEN} AND nas_id IN (SELECT id FROM nas WHERE tenant_id = ?)
              GROUP BY username HAVING count(*) >= 2
              UNION
              SELECT username FROM sessions WHERE tenant_id = ? AND start_time >= ?
                AND substr(mac_address::text, 2, 1) IN ('0', '1', '4', '5', '8', '9', 'c', 'd')
              GROUP BY username HAVING count(DISTINCT mac_address) >= ?
            ) u ORDER BY username LIMIT ?""".replace("{OPEN}", OpenByDevice.OPEN);

    private static final String SESSIONS_OF_USERS = "SELECT " + SessionRows.COLUMNS + "\n" + """
             FROM unnest(?::varchar[]) AS u(username) CROSS JOIN LATERAL (
              SELECT * FROM (
                SELECT * FROM sessions s WHERE s.stop_time IS NULL
                  AND s.nas_id IN (SELECT id FROM nas WHERE tenant_id = ?) AND s.username = u.username
                  AND s.tenant_id = ?
                UNION ALL
                SELECT * FROM sessions s WHERE s.tenant_id = ? AND s.username = u.username AND s.start_time >= ?
                  AND s.stop_time IS NOT NULL
              ) s ORDER BY s.start_time DESC LIMIT ?) s""";

    /**
     * The octets of a session hour ({@code usage_session_hours}, direction {@code down} or {@code up}) inside the
     * window {@code [p.a, p.b)}: the whole hour as one sum when it lies inside, else each quarter that starts inside.
     */
    private static String quartersInside(String direction) {
        StringBuilder quarters = new StringBuilder();
        for (int q = 0; q < 4; q++) {
            String start = q == 0 ? "hour" : "hour + interval '" + (15 * q) + " minutes'";
            quarters.append(q == 0 ? "" : "\n     + ")
                    .append("(CASE WHEN ")
                    .append(start)
                    .append(" >= p.a AND ")
                    .append(start)
                    .append(" < p.b THEN ")
                    .append(direction)
                    .append("_q")
                    .append(q + 1)
                    .append(" ELSE 0 END)");
        }
        return "CASE WHEN hour >= p.a AND hour + interval '1 hour' <= p.b THEN " + direction + "_q1 + " + direction
                + "_q2 + " + direction + "_q3 + " + direction + "_q4\n   ELSE " + quarters + " END";
    }

    @Override
    public List<String> multiDeviceCandidates(TenantId tenant, Instant windowStart, int minMacs, int maxUsers) {
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
            return users;
        });
    }

    @Override
    public List<DeviceSession> deviceSessions(
            TenantId tenant, List<String> usernames, Instant windowStart, int maxSessionsPerUser) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        return on(connection -> {
            List<DeviceSession> sessions = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(SESSIONS_OF_USERS)) {
                st.setArray(1, connection.createArrayOf("varchar", usernames.toArray()));
                st.setString(2, tenant.value());
                st.setString(3, tenant.value());
                st.setString(4, tenant.value());
                st.setObject(5, ConcurrencyRollup.time(windowStart.toEpochMilli()));
                st.setInt(6, maxSessionsPerUser);
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

    /**
     * Top users from the usage roll-ups (V13), never from the sessions' history: the whole UTC days of the window from
     * {@code usage_customer_days} (on {@code usage_customer_days_tenant_day_idx}, V24), the hours and quarters at its
     * edges from {@code usage_session_hours} (on its hour index), counted up to {@code rolled_until}. The sum of a
     * user's quarters is the same whichever rows it is read from: the customer days are sums of the session hours.
     */
    @Override
    public UsageRanking topUsers(TenantId tenant, Instant from, Instant to, int limit) {
        return on(connection -> {
            Instant rolled;
            try (PreparedStatement st =
                            connection.prepareStatement("SELECT rolled_until FROM usage_rollup_state WHERE id = 1");
                    ResultSet rows = st.executeQuery()) {
                rolled = rows.next() ? rows.getTimestamp(1).toInstant() : from;
            }
            Instant quarter = BandwidthInterval.FIFTEEN_MINUTES.floor(to);
            Instant last = rolled.isBefore(quarter) ? rolled : quarter;
            Instant until = last.isBefore(from) ? from : last;
            Window window = Window.of(from, until);
            List<String> parts = new ArrayList<>();
            List<Object> arguments = new ArrayList<>();
            if (window.days() != null) {
                parts.add("SELECT username, download_octets AS d, upload_octets AS u FROM usage_customer_days"
                        + " WHERE tenant_id = ? AND day >= ? AND day < ?");
                arguments.add(tenant.value());
                arguments.add(time(window.days()[0]));
                arguments.add(time(window.days()[1]));
            }
            for (Instant[] edge : window.edges()) {
                // the hours overlapping the edge, only their quarters inside it: a whole hour as one sum, a row
                // per quarter (VALUES) made four rows of each of 1.8M session hours and took over 5 s at 10M
                parts.add("SELECT username, " + quartersInside("down") + " AS d, " + quartersInside("up") + " AS u\n"
                        + """
                        FROM usage_session_hours CROSS JOIN (SELECT ?::timestamptz AS a, ?::timestamptz AS b) p
                        WHERE tenant_id = ? AND hour >= ? AND hour < ?""");
                arguments.add(time(edge[0]));
                arguments.add(time(edge[1]));
                arguments.add(tenant.value());
                arguments.add(time(floorHour(edge[0])));
                arguments.add(time(edge[1]));
            }
            List<String> names = new ArrayList<>();
            List<long[]> sums = new ArrayList<>();
            if (!parts.isEmpty()) {
                String sql = "SELECT username, sum(d)::int8, sum(u)::int8 FROM (\n"
                        + String.join("\nUNION ALL\n", parts)
                        + "\n) x GROUP BY username HAVING sum(d) + sum(u) > 0"
                        + " ORDER BY sum(d) + sum(u) DESC, username LIMIT ?";
                try (PreparedStatement st = connection.prepareStatement(sql)) {
                    int i = 1;
                    for (Object argument : arguments) {
                        st.setObject(i++, argument);
                    }
                    st.setInt(i, limit);
                    try (ResultSet rows = st.executeQuery()) {
                        while (rows.next()) {
                            names.add(rows.getString(1));
                            sums.add(new long[] {rows.getLong(2), rows.getLong(3)});
                        }
                    }
                }
            }
            List<UserUsage> users = new ArrayList<>(names.size());
            if (!names.isEmpty()) {
                // sessions up in the window, of the listed users only (at most limit), on the user index
                Map<String, Long> up = new HashMap<>();
                try (PreparedStatement st = connection.prepareStatement("""
                        SELECT u.username, (SELECT count(*) FROM sessions s WHERE s.tenant_id = ?
                          AND s.username = u.username AND s.start_time < ? AND (s.stop_time IS NULL OR s.stop_time > ?))
                        FROM unnest(?::varchar[]) AS u(username)""")) {
                    st.setString(1, tenant.value());
                    st.setObject(2, ConcurrencyRollup.time(until.toEpochMilli()));
                    st.setObject(3, ConcurrencyRollup.time(from.toEpochMilli()));
                    st.setArray(4, connection.createArrayOf("varchar", names.toArray()));
                    try (ResultSet rows = st.executeQuery()) {
                        while (rows.next()) {
                            up.put(rows.getString(1), rows.getLong(2));
                        }
                    }
                }
                for (int k = 0; k < names.size(); k++) {
                    users.add(new UserUsage(
                            names.get(k), sums.get(k)[0], sums.get(k)[1], up.getOrDefault(names.get(k), 0L)));
                }
            }
            return new UsageRanking(until, users);
        });
    }

    /**
     * {@code [from, until)} (on quarter hours) as the whole UTC days inside it ({@code days}, null if none) and the
     * parts before and after them ({@code edges}, each less than a day).
     */
    private record Window(Instant[] days, List<Instant[]> edges) {
        static Window of(Instant from, Instant until) {
            Instant firstDay =
                    floorDay(from).equals(from) ? from : floorDay(from).plusMillis(DAY_MILLIS);
            Instant lastDay = floorDay(until);
            List<Instant[]> edges = new ArrayList<>();
            if (firstDay.isBefore(lastDay)) {
                if (from.isBefore(firstDay)) {
                    edges.add(new Instant[] {from, firstDay});
                }
                if (lastDay.isBefore(until)) {
                    edges.add(new Instant[] {lastDay, until});
                }
                return new Window(new Instant[] {firstDay, lastDay}, edges);
            }
            if (from.isBefore(until)) {
                edges.add(new Instant[] {from, until});
            }
            return new Window(null, edges);
        }
    }

    private static Object time(Instant instant) {
        return ConcurrencyRollup.time(instant.toEpochMilli());
    }

    private static Instant floorHour(Instant instant) {
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), HOUR_MILLIS) * HOUR_MILLIS);
    }

    private static Instant floorDay(Instant instant) {
        return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), DAY_MILLIS) * DAY_MILLIS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

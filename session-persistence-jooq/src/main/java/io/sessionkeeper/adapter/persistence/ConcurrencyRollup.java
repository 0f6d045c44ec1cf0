package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.QuarterHours;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The concurrency roll-up (issue 16, V20, ADR 0037): session time per (tenant, NAS, UTC hour) by quarter, from the
 * sessions' start and stop times, for peak times. Runs under an advisory lock (one instance at a time), on the
 * background pool, one transaction per run on one snapshot (repeatable read).
 *
 * <p>A run at {@code now} makes the roll-ups hold, for every session it can see, the time from its start to its
 * stop (an open session: to {@code now}). It does so by difference: {@code concurrency_tracked} says what was counted
 * of each session that may still change (every open session, and the closed ones that began within {@link #REACH}
 * of the last run); the run reads the open sessions, the sessions begun since the last run's reach, and the tracked
 * ones that are neither (closed since), and adds {@code counted − wanted} quarter by quarter. So a run does work for
 * the open sessions and what changed, never for history; a run at the same {@code now} again adds nothing, and an
 * open session is counted to {@code now} and re-counted (by difference) at the next run.
 *
 * <p>Not counted: a session that is first seen already closed and that began more than {@link #REACH} before the
 * run (a Stop without any earlier packet, long after its start); ADR 0037.
 *
 * <p>History that exists before the first run is counted afterwards, {@link #BACKFILL_CHUNK} per run, newest first,
 * back to {@link #BACKFILL_DEPTH}. The run also deletes NAS packet minutes older than {@link
 * #PACKET_MINUTES_RETENTION} and hours older than {@link #HOURS_RETENTION}.
 */
public final class ConcurrencyRollup {
    /** Closed sessions that began within this of a run are looked at again by the next run. */
    public static final Duration REACH = Duration.ofHours(2);

    public static final Duration BACKFILL_CHUNK = Duration.ofDays(1);
    public static final Duration BACKFILL_DEPTH = Duration.ofDays(91);
    public static final Duration HOURS_RETENTION = Duration.ofDays(100);
    public static final Duration PACKET_MINUTES_RETENTION = Duration.ofDays(2);
    private static final long HOUR_MILLIS = 3_600_000L;

    /** What a run did: sessions looked at, those whose count changed, hour rows written, backfilled sessions. */
    public record Result(int sessionsSeen, int sessionsChanged, int hourRows, int backfilled, long minutesDeleted) {}

    private final DSLContext dsl;

    public ConcurrencyRollup(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    private record Key(String tenant, UUID id) {}

    /** What was counted of a session: from {@code from} to {@code to} (null: open, to the last run). */
    private record Tracked(UUID nas, long from, Long to) {}

    /** A session as read now. */
    private record Seen(String tenant, UUID id, UUID nas, long start, Long stop) {}

    private record NasHour(String tenant, UUID nas, long hour) {}

    private record TenantHour(String tenant, long hour) {}

    public Result run(Instant now) {
        try {
            return dsl.connectionResult(connection -> Connections.inTransaction(
                    connection, Connection.TRANSACTION_REPEATABLE_READ, c -> new Run(c, now.toEpochMilli()).execute()));
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    /** One run on one transaction. */
    private static final class Run {
        private final Connection connection;
        private long now;
        private final Map<NasHour, long[]> nasHours = new HashMap<>();
        private final Map<TenantHour, long[]> tenantHours = new HashMap<>();

        Run(Connection connection, long requested) {
            this.connection = connection;
            this.now = requested;
        }

        Result execute() throws SQLException {
            Long prev;
            Long backfillFrom;
            Long backfillTo;
            try (PreparedStatement st = connection.prepareStatement(
                            "SELECT counted_until, backfill_from, backfill_to FROM concurrency_state WHERE id = 1"
                                    + " FOR UPDATE");
                    ResultSet rows = st.executeQuery()) {
                rows.next();
                prev = millis(rows.getTimestamp(1));
                backfillFrom = millis(rows.getTimestamp(2));
                backfillTo = millis(rows.getTimestamp(3));
            }
            // a clock that went back (or a second run at the same time) advances nothing, but changes are applied
            now = prev == null ? now : Math.max(now, prev);
            long windowStart = (prev == null ? now : prev) - REACH.toMillis();
            if (prev == null) {
                backfillTo = windowStart;
                backfillFrom = now - BACKFILL_DEPTH.toMillis();
            }
            long countedUntil = prev == null ? now : prev;

            Map<Key, Tracked> tracked = readTracked();
            Map<Key, Seen> seen = new HashMap<>();
            readSessions(
                    "SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions WHERE stop_time IS NULL", seen);
            readRecent(windowStart, seen);
            List<Key> missing = new ArrayList<>();
            tracked.forEach((key, t) -> {
                if (t.to() == null && !seen.containsKey(key)) {
                    missing.add(key);
                }
            });
            readByKeys(missing, seen);

            Map<Key, Tracked> writes = new HashMap<>();
            int changed = 0;
            for (Seen s : seen.values()) {
                Key key = new Key(s.tenant(), s.id());
                Tracked t = tracked.get(key);
                long tf = s.start();
                long te = Math.max(tf, Math.min(s.stop() == null ? now : s.stop(), now));
                long cf = t == null ? 0 : t.from();
                long ce = t == null ? 0 : Math.max(cf, t.to() == null ? countedUntil : t.to());
                if (difference(s.tenant(), s.nas(), t != null, cf, ce, tf, te)) {
                    changed++;
                }
                Tracked wanted = new Tracked(s.nas(), tf, s.stop() == null ? null : te);
                if (!wanted.equals(t)) {
                    writes.put(key, wanted);
                }
            }
            // tracked as open and gone from the table (deleted): what was counted stays
            for (Key key : missing) {
                if (!seen.containsKey(key)) {
                    Tracked t = tracked.get(key);
                    writes.put(key, new Tracked(t.nas(), t.from(), Math.max(t.from(), countedUntil)));
                }
            }
            int backfilled = 0;
            boolean backfillPending = backfillFrom != null && backfillTo != null && backfillTo > backfillFrom;
            if (backfillPending) {
                long chunkFrom = Math.max(backfillFrom, backfillTo - BACKFILL_CHUNK.toMillis());
                backfilled = backfill(chunkFrom, backfillTo, tracked.keySet());
                backfillTo = chunkFrom;
                backfillPending = backfillTo > backfillFrom;
            }
            int hourRows = writeHours();
            writeTracked(writes);
            purgeTracked(now - REACH.toMillis(), backfillPending ? backfillFrom : null);
            try (PreparedStatement st = connection.prepareStatement(
                    "UPDATE concurrency_state SET counted_until = ?, backfill_from = ?, backfill_to = ? WHERE id = 1")) {
                st.setObject(1, time(now));
                st.setObject(2, backfillPending ? time(backfillFrom) : null);
                st.setObject(3, backfillPending ? time(backfillTo) : null);
                st.executeUpdate();
            }
            long minutes = deleteOld();
            return new Result(seen.size(), changed, hourRows, backfilled, minutes);
        }

        /**
         * Adds what is wanted of a session ({@code [tf, te)}) minus what was counted ({@code [cf, ce)}, when {@code
         * counted}); true when that changed anything.
         */
        private boolean difference(String tenant, UUID nas, boolean counted, long cf, long ce, long tf, long te) {
            if (!counted || ce <= cf) {
                add(tenant, nas, tf, te, 1);
                return te > tf;
            }
            if (te <= tf) {
                add(tenant, nas, cf, ce, -1);
                return true;
            }
            boolean any = false;
            if (tf != cf) {
                add(tenant, nas, Math.min(tf, cf), Math.max(tf, cf), tf < cf ? 1 : -1);
                any = true;
            }
            if (te != ce) {
                add(tenant, nas, Math.min(te, ce), Math.max(te, ce), te > ce ? 1 : -1);
                any = true;
            }
            return any;
        }

        private void add(String tenant, UUID nas, long from, long to, int sign) {
            QuarterHours.spread(from, to, sign, (quarter, millis) -> {
                long hour = Math.floorDiv(quarter, HOUR_MILLIS) * HOUR_MILLIS;
                int q = (int) ((quarter - hour) / QuarterHours.QUARTER_MILLIS);
                nasHours.computeIfAbsent(new NasHour(tenant, nas, hour), k -> new long[4])[q] += millis;
                tenantHours.computeIfAbsent(new TenantHour(tenant, hour), k -> new long[4])[q] += millis;
            });
        }

        private int backfill(long from, long to, Set<Key> trackedKeys) throws SQLException {
            Map<Key, Seen> closed = new HashMap<>();
            try (PreparedStatement st = connection.prepareStatement(TENANTS_LATERAL
                    + " (SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions WHERE tenant_id = t.id"
                    + " AND start_time >= ? AND start_time < ? AND stop_time IS NOT NULL OFFSET 0) s")) {
                st.setObject(1, time(from));
                st.setObject(2, time(to));
                read(st, closed);
            }
            int counted = 0;
            for (Seen s : closed.values()) {
                if (!trackedKeys.contains(new Key(s.tenant(), s.id()))) {
                    add(s.tenant(), s.nas(), s.start(), Math.max(s.start(), Math.min(s.stop(), now)), 1);
                    counted++;
                }
            }
            return counted;
        }

        private static final String TENANTS_LATERAL = "SELECT s.tenant_id, s.id, s.nas_id, s.start_time, s.stop_time"
                + " FROM (SELECT id FROM tenants UNION SELECT tenant_id FROM nas) t CROSS JOIN LATERAL";

        private Map<Key, Tracked> readTracked() throws SQLException {
            Map<Key, Tracked> tracked = new HashMap<>();
            try (PreparedStatement st = connection.prepareStatement(
                            "SELECT tenant_id, session_id, nas_id, counted_from, counted_to FROM concurrency_tracked");
                    ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    tracked.put(
                            new Key(rows.getString(1), rows.getObject(2, UUID.class)),
                            new Tracked(
                                    rows.getObject(3, UUID.class),
                                    rows.getTimestamp(4).getTime(),
                                    millis(rows.getTimestamp(5))));
                }
            }
            return tracked;
        }

        /** Sessions begun at or after {@code since}, tenant by tenant (on each tenant's start index). */
        private void readRecent(long since, Map<Key, Seen> into) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(TENANTS_LATERAL
                    + " (SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions WHERE tenant_id = t.id"
                    + " AND start_time >= ? OFFSET 0) s")) {
                st.setObject(1, time(since));
                read(st, into);
            }
        }

        private void readByKeys(List<Key> keys, Map<Key, Seen> into) throws SQLException {
            if (keys.isEmpty()) {
                return;
            }
            try (PreparedStatement st = connection.prepareStatement(
                    "SELECT s.tenant_id, s.id, s.nas_id, s.start_time, s.stop_time FROM unnest(?::varchar[],"
                            + " ?::uuid[]) AS k(tenant_id, id) JOIN sessions s ON s.tenant_id = k.tenant_id AND s.id ="
                            + " k.id")) {
                st.setArray(
                        1,
                        connection.createArrayOf(
                                "varchar", keys.stream().map(Key::tenant).toArray()));
                st.setArray(
                        2,
                        connection.createArrayOf(
                                "uuid", keys.stream().map(Key::id).toArray()));
                read(st, into);
            }
        }

        private void readSessions(String sql, Map<Key, Seen> into) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                read(st, into);
            }
        }

        private static void read(PreparedStatement st, Map<Key, Seen> into) throws SQLException {
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    Seen s = new Seen(
                            rows.getString(1),
                            rows.getObject(2, UUID.class),
                            rows.getObject(3, UUID.class),
                            rows.getTimestamp(4).getTime(),
                            millis(rows.getTimestamp(5)));
                    into.put(new Key(s.tenant(), s.id()), s);
                }
            }
        }

        private int writeHours() throws SQLException {
            List<Map.Entry<NasHour, long[]>> nas = new ArrayList<>();
            nasHours.entrySet().stream().filter(e -> nonZero(e.getValue())).forEach(nas::add);
            List<Map.Entry<TenantHour, long[]>> tenant = new ArrayList<>();
            tenantHours.entrySet().stream().filter(e -> nonZero(e.getValue())).forEach(tenant::add);
            if (!nas.isEmpty()) {
                try (PreparedStatement st = connection.prepareStatement("""
                        INSERT INTO concurrency_nas_hours AS c (tenant_id, nas_id, hour, q1_ms, q2_ms, q3_ms, q4_ms)
                        SELECT t, n, TIMESTAMPTZ 'epoch' + h * INTERVAL '1 millisecond', a, b, c, d
                        FROM unnest(?::varchar[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                    ?::bigint[]) AS x(t, n, h, a, b, c, d)
                        ON CONFLICT (tenant_id, nas_id, hour) DO UPDATE SET q1_ms = c.q1_ms + excluded.q1_ms,
                          q2_ms = c.q2_ms + excluded.q2_ms, q3_ms = c.q3_ms + excluded.q3_ms,
                          q4_ms = c.q4_ms + excluded.q4_ms""")) {
                    st.setArray(
                            1, array("varchar", nas.stream().map(e -> e.getKey().tenant())));
                    st.setArray(
                            2, array("uuid", nas.stream().map(e -> e.getKey().nas())));
                    st.setArray(
                            3, array("bigint", nas.stream().map(e -> e.getKey().hour())));
                    for (int q = 0; q < 4; q++) {
                        int quarter = q;
                        st.setArray(4 + q, array("bigint", nas.stream().map(e -> e.getValue()[quarter])));
                    }
                    st.executeUpdate();
                }
            }
            if (!tenant.isEmpty()) {
                try (PreparedStatement st = connection.prepareStatement("""
                        INSERT INTO concurrency_tenant_hours AS c (tenant_id, hour, q1_ms, q2_ms, q3_ms, q4_ms)
                        SELECT t, TIMESTAMPTZ 'epoch' + h * INTERVAL '1 millisecond', a, b, c, d
                        FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                          AS x(t, h, a, b, c, d)
                        ON CONFLICT (tenant_id, hour) DO UPDATE SET q1_ms = c.q1_ms + excluded.q1_ms,
                          q2_ms = c.q2_ms + excluded.q2_ms, q3_ms = c.q3_ms + excluded.q3_ms,
                          q4_ms = c.q4_ms + excluded.q4_ms""")) {
                    st.setArray(1, array("varchar", tenant.stream().map(e -> e.getKey()
                            .tenant())));
                    st.setArray(2, array("bigint", tenant.stream().map(e -> e.getKey()
                            .hour())));
                    for (int q = 0; q < 4; q++) {
                        int quarter = q;
                        st.setArray(3 + q, array("bigint", tenant.stream().map(e -> e.getValue()[quarter])));
                    }
                    st.executeUpdate();
                }
            }
            return nas.size() + tenant.size();
        }

        private void writeTracked(Map<Key, Tracked> writes) throws SQLException {
            if (writes.isEmpty()) {
                return;
            }
            List<Map.Entry<Key, Tracked>> rows = new ArrayList<>(writes.entrySet());
            try (PreparedStatement st = connection.prepareStatement("""
                    INSERT INTO concurrency_tracked (tenant_id, session_id, nas_id, counted_from, counted_to)
                    SELECT t, s, n, TIMESTAMPTZ 'epoch' + f * INTERVAL '1 millisecond',
                           TIMESTAMPTZ 'epoch' + u * INTERVAL '1 millisecond'
                    FROM unnest(?::varchar[], ?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[]) AS x(t, s, n, f, u)
                    ON CONFLICT (tenant_id, session_id) DO UPDATE SET nas_id = excluded.nas_id,
                      counted_from = excluded.counted_from, counted_to = excluded.counted_to""")) {
                st.setArray(
                        1, array("varchar", rows.stream().map(e -> e.getKey().tenant())));
                st.setArray(2, array("uuid", rows.stream().map(e -> e.getKey().id())));
                st.setArray(3, array("uuid", rows.stream().map(e -> e.getValue().nas())));
                st.setArray(
                        4, array("bigint", rows.stream().map(e -> e.getValue().from())));
                st.setArray(
                        5, array("bigint", rows.stream().map(e -> e.getValue().to())));
                st.executeUpdate();
            }
        }

        /**
         * Closed sessions that began before {@code before} are not read again; while the backfill runs, those that
         * began after its lower end stay, so that it does not count them a second time.
         */
        private void purgeTracked(long before, Long keepFrom) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(
                    "DELETE FROM concurrency_tracked WHERE counted_to IS NOT NULL AND counted_from < ?"
                            + (keepFrom == null ? "" : " AND counted_from < ?"))) {
                st.setObject(1, time(before));
                if (keepFrom != null) {
                    st.setObject(2, time(keepFrom));
                }
                st.executeUpdate();
            }
        }

        private long deleteOld() throws SQLException {
            long deleted;
            try (PreparedStatement st = connection.prepareStatement(
                    "DELETE FROM nas_packet_minutes WHERE nas_id IN (SELECT id FROM nas UNION SELECT nas_id FROM"
                            + " nas_activity) AND minute < ?")) {
                st.setObject(1, time(now - PACKET_MINUTES_RETENTION.toMillis()));
                deleted = st.executeUpdate();
            }
            for (String table : List.of("concurrency_nas_hours", "concurrency_tenant_hours")) {
                try (PreparedStatement st = connection.prepareStatement(
                        "DELETE FROM " + table
                                + " WHERE tenant_id IN (SELECT id FROM tenants UNION SELECT tenant_id FROM nas) AND hour < ?")) {
                    st.setObject(1, time(now - HOURS_RETENTION.toMillis()));
                    st.executeUpdate();
                }
            }
            return deleted;
        }

        private Array array(String type, java.util.stream.Stream<?> values) throws SQLException {
            return connection.createArrayOf(type, values.toArray());
        }

        private static boolean nonZero(long[] values) {
            for (long v : values) {
                if (v != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    static OffsetDateTime time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    private static Long millis(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.getTime();
    }
}

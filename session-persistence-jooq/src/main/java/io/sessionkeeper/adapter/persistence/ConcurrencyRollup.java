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
 * open session is counted to {@code now} and re-counted (by difference) at the next run. The reads stream, each
 * session joined in SQL with its tracked row, and the writes go out in batches: a run holds {@link #ROWS_PER_FETCH}
 * sessions and up to {@link #HOURS_HELD} hour rows at a time, however many sessions are open (ADR 0037, amended).
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

    /**
     * Sessions read and tracked rows written per fetch and per statement: what a run holds of the sessions at a time.
     * A run with 500,000 open sessions held them all (three maps and the driver's whole result set) and ran a 256 MB
     * heap out for a minute (docs/benchmarks.md, "Ten minutes at 10,000 packets/s").
     */
    static final int ROWS_PER_FETCH = 5_000;

    /** Hour rows held before they are added to the tables (the upsert adds, so a run may write an hour twice). */
    static final int HOURS_HELD = 20_000;

    private final DSLContext dsl;
    private final int rowsPerFetch;
    private final int hoursHeld;

    public ConcurrencyRollup(DataSource dataSource) {
        this(dataSource, ROWS_PER_FETCH, HOURS_HELD);
    }

    /** With other bounds: the tests run with tiny ones, so that every path flushes many times. */
    ConcurrencyRollup(DataSource dataSource, int rowsPerFetch, int hoursHeld) {
        this.dsl = JooqContexts.create(dataSource);
        this.rowsPerFetch = rowsPerFetch;
        this.hoursHeld = hoursHeld;
    }

    /** What was counted of a session: from {@code from} to {@code to} (null: open, to the last run). */
    private record Tracked(UUID nas, long from, Long to) {}

    private record NasHour(String tenant, UUID nas, long hour) {}

    private record TenantHour(String tenant, long hour) {}

    public Result run(Instant now) {
        try {
            return dsl.connectionResult(connection ->
                    Connections.inTransaction(connection, Connection.TRANSACTION_REPEATABLE_READ, c -> new Run(
                                    c, now.toEpochMilli(), rowsPerFetch, hoursHeld)
                            .execute()));
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private static final String TENANTS = "(SELECT id FROM tenants UNION SELECT tenant_id FROM nas)";

    /**
     * The three reads of a run, which together give every session that may have changed exactly once, each with what
     * was counted of it: columns tenant, id, the session's NAS, start, stop, whether the session row exists, then the
     * tracked NAS, from, to, and whether it is tracked. They are streamed, {@link #ROWS_PER_FETCH} at a time; the
     * tracked rows a run writes meanwhile are not seen by them (a cursor sees the transaction as it was when it
     * opened).
     */
    private static final String OPEN = """
            SELECT s.tenant_id, s.id, s.nas_id, s.start_time, s.stop_time, true,
                   t.nas_id, t.counted_from, t.counted_to, t.session_id IS NOT NULL
            FROM sessions s LEFT JOIN concurrency_tracked t ON t.tenant_id = s.tenant_id AND t.session_id = s.id
            WHERE s.stop_time IS NULL""";

    /** Closed sessions begun since the window's start (tenant by tenant, on each tenant's start index). */
    private static final String RECENT_CLOSED = """
            SELECT s.tenant_id, s.id, s.nas_id, s.start_time, s.stop_time, true,
                   t.nas_id, t.counted_from, t.counted_to, t.session_id IS NOT NULL
            FROM %s k CROSS JOIN LATERAL (SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions
                WHERE tenant_id = k.id AND start_time >= ? AND stop_time IS NOT NULL OFFSET 0) s
            LEFT JOIN concurrency_tracked t ON t.tenant_id = s.tenant_id AND t.session_id = s.id""".formatted(TENANTS);

    /**
     * Tracked as open and in neither read above: closed since (and begun before the window), or deleted. The tracked
     * rows whose session is still open are left out first by an anti-join with the open sessions (a hash over
     * {@code sessions_open_tenant_start_idx}), and only the rest are looked up by key: looking up every tracked row
     * took 1.56 s a run at 10M sessions with 100,000 open, the anti-join 0.43 s (EXPLAIN ANALYZE, the kept cluster of
     * {@code bench/analytics.sh}).
     */
    private static final String TRACKED_GONE = """
            WITH gone AS MATERIALIZED (
              SELECT t.tenant_id, t.session_id, t.nas_id, t.counted_from, t.counted_to FROM concurrency_tracked t
              WHERE t.counted_to IS NULL AND NOT EXISTS (SELECT 1 FROM sessions o
                WHERE o.stop_time IS NULL AND o.tenant_id = t.tenant_id AND o.id = t.session_id))
            SELECT g.tenant_id, g.session_id, s.nas_id, s.start_time, s.stop_time, s.id IS NOT NULL,
                   g.nas_id, g.counted_from, g.counted_to, true
            FROM gone g LEFT JOIN LATERAL (SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions s
                WHERE s.tenant_id = g.tenant_id AND s.id = g.session_id) s ON true
            WHERE s.id IS NULL OR NOT (s.start_time >= ? AND s.tenant_id IN %s)""".formatted(TENANTS);

    /** One run on one transaction. */
    private static final class Run {
        private final Connection connection;
        private final int rowsPerFetch;
        private final int hoursHeld;
        private long now;
        private long countedUntil;
        private final Map<NasHour, long[]> nasHours = new HashMap<>();
        private final Map<TenantHour, long[]> tenantHours = new HashMap<>();
        private final TrackedWrites writes = new TrackedWrites();
        private int seen;
        private int changed;
        private int hourRows;

        Run(Connection connection, long requested, int rowsPerFetch, int hoursHeld) {
            this.connection = connection;
            this.now = requested;
            this.rowsPerFetch = rowsPerFetch;
            this.hoursHeld = hoursHeld;
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
            countedUntil = prev == null ? now : prev;

            // before any tracked row is written: the backfill leaves out what was tracked when the run began
            int backfilled = 0;
            boolean backfillPending = backfillFrom != null && backfillTo != null && backfillTo > backfillFrom;
            if (backfillPending) {
                long chunkFrom = Math.max(backfillFrom, backfillTo - BACKFILL_CHUNK.toMillis());
                backfilled = backfill(chunkFrom, backfillTo);
                backfillTo = chunkFrom;
                backfillPending = backfillTo > backfillFrom;
            }
            stream(OPEN, null);
            stream(RECENT_CLOSED, windowStart);
            stream(TRACKED_GONE, windowStart);
            writes.flush();
            writeHours();
            purgeTracked(now - REACH.toMillis(), backfillPending ? backfillFrom : null);
            try (PreparedStatement st = connection.prepareStatement(
                    "UPDATE concurrency_state SET counted_until = ?, backfill_from = ?, backfill_to = ? WHERE id = 1")) {
                st.setObject(1, time(now));
                st.setObject(2, backfillPending ? time(backfillFrom) : null);
                st.setObject(3, backfillPending ? time(backfillTo) : null);
                st.executeUpdate();
            }
            long minutes = deleteOld();
            return new Result(seen, changed, hourRows, backfilled, minutes);
        }

        private void stream(String sql, Long since) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setFetchSize(rowsPerFetch);
                if (since != null) {
                    st.setObject(1, time(since));
                }
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        Tracked counted = rows.getBoolean(10)
                                ? new Tracked(
                                        rows.getObject(7, UUID.class),
                                        rows.getTimestamp(8).getTime(),
                                        millis(rows.getTimestamp(9)))
                                : null;
                        String tenant = rows.getString(1);
                        UUID id = rows.getObject(2, UUID.class);
                        if (rows.getBoolean(6)) {
                            look(
                                    tenant,
                                    id,
                                    rows.getObject(3, UUID.class),
                                    rows.getTimestamp(4).getTime(),
                                    millis(rows.getTimestamp(5)),
                                    counted);
                        } else {
                            // tracked as open and gone from the table (deleted): what was counted stays
                            writes.add(
                                    tenant,
                                    id,
                                    new Tracked(counted.nas(), counted.from(), Math.max(counted.from(), countedUntil)));
                        }
                    }
                }
            }
        }

        /** A session as read now ({@code stop} null: open) against what was counted of it ({@code t}, or null). */
        private void look(String tenant, UUID id, UUID nas, long start, Long stop, Tracked t) throws SQLException {
            seen++;
            long tf = start;
            long te = Math.max(tf, Math.min(stop == null ? now : stop, now));
            long cf = t == null ? 0 : t.from();
            long ce = t == null ? 0 : Math.max(cf, t.to() == null ? countedUntil : t.to());
            if (difference(tenant, nas, t != null, cf, ce, tf, te)) {
                changed++;
            }
            Tracked wanted = new Tracked(nas, tf, stop == null ? null : te);
            if (!wanted.equals(t)) {
                writes.add(tenant, id, wanted);
            }
        }

        /**
         * Adds what is wanted of a session ({@code [tf, te)}) minus what was counted ({@code [cf, ce)}, when {@code
         * counted}); true when that changed anything.
         */
        private boolean difference(String tenant, UUID nas, boolean counted, long cf, long ce, long tf, long te)
                throws SQLException {
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

        /** Adds {@code sign × [from, to)} to the hours held; writes them out once {@code hoursHeld} are held. */
        private void add(String tenant, UUID nas, long from, long to, int sign) throws SQLException {
            QuarterHours.spread(from, to, sign, (quarter, millis) -> {
                long hour = Math.floorDiv(quarter, HOUR_MILLIS) * HOUR_MILLIS;
                int q = (int) ((quarter - hour) / QuarterHours.QUARTER_MILLIS);
                nasHours.computeIfAbsent(new NasHour(tenant, nas, hour), k -> new long[4])[q] += millis;
                tenantHours.computeIfAbsent(new TenantHour(tenant, hour), k -> new long[4])[q] += millis;
            });
            if (nasHours.size() >= hoursHeld || tenantHours.size() >= hoursHeld) {
                writeHours();
            }
        }

        /** Closed sessions begun in {@code [from, to)} that no run tracked: counted whole, once. */
        private int backfill(long from, long to) throws SQLException {
            int counted = 0;
            try (PreparedStatement st = connection.prepareStatement("""
                    SELECT s.tenant_id, s.nas_id, s.start_time, s.stop_time
                    FROM %s k CROSS JOIN LATERAL (SELECT tenant_id, id, nas_id, start_time, stop_time FROM sessions
                        WHERE tenant_id = k.id AND start_time >= ? AND start_time < ? AND stop_time IS NOT NULL
                        OFFSET 0) s
                    WHERE NOT EXISTS (SELECT 1 FROM concurrency_tracked t
                        WHERE t.tenant_id = s.tenant_id AND t.session_id = s.id)""".formatted(TENANTS))) {
                st.setFetchSize(rowsPerFetch);
                st.setObject(1, time(from));
                st.setObject(2, time(to));
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        long start = rows.getTimestamp(3).getTime();
                        long stop = rows.getTimestamp(4).getTime();
                        add(
                                rows.getString(1),
                                rows.getObject(2, UUID.class),
                                start,
                                Math.max(start, Math.min(stop, now)),
                                1);
                        counted++;
                    }
                }
            }
            return counted;
        }

        /** Adds the hours held to the tables and forgets them. */
        private void writeHours() throws SQLException {
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
            hourRows += nas.size() + tenant.size();
            nasHours.clear();
            tenantHours.clear();
        }

        /** The tracked rows a run writes, {@code rowsPerFetch} to a statement. */
        private final class TrackedWrites {
            private record Write(String tenant, UUID id, Tracked tracked) {}

            private final List<Write> rows = new ArrayList<>();

            void add(String tenant, UUID id, Tracked tracked) throws SQLException {
                rows.add(new Write(tenant, id, tracked));
                if (rows.size() >= rowsPerFetch) {
                    flush();
                }
            }

            void flush() throws SQLException {
                if (rows.isEmpty()) {
                    return;
                }
                try (PreparedStatement st = connection.prepareStatement("""
                        INSERT INTO concurrency_tracked (tenant_id, session_id, nas_id, counted_from, counted_to)
                        SELECT t, s, n, TIMESTAMPTZ 'epoch' + f * INTERVAL '1 millisecond',
                               TIMESTAMPTZ 'epoch' + u * INTERVAL '1 millisecond'
                        FROM unnest(?::varchar[], ?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[]) AS x(t, s, n, f, u)
                        ON CONFLICT (tenant_id, session_id) DO UPDATE SET nas_id = excluded.nas_id,
                          counted_from = excluded.counted_from, counted_to = excluded.counted_to""")) {
                    st.setArray(1, array("varchar", rows.stream().map(Write::tenant)));
                    st.setArray(2, array("uuid", rows.stream().map(Write::id)));
                    st.setArray(
                            3, array("uuid", rows.stream().map(w -> w.tracked().nas())));
                    st.setArray(4, array("bigint", rows.stream().map(w -> w.tracked()
                            .from())));
                    st.setArray(5, array("bigint", rows.stream().map(w -> w.tracked()
                            .to())));
                    st.executeUpdate();
                }
                rows.clear();
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

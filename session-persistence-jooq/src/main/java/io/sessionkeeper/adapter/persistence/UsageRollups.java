package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.UsageBucket;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSeries;
import io.sessionkeeper.domain.service.BandwidthSeriesBuilder;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roll-up job: each UTC quarter-hour of samples, once it has ended, into its sessions' hours (by quarter), then a
 * NAS's and a tenant's quarters and a customer's hours as one GROUP BY over the session hours of the hour, and a
 * customer's days once a day is whole (ADR 60: by the quarter, so that the raw samples after {@code rolled_until} are
 * at most a quarter and the settling time). Every row is recomputed from what lies below it and overwritten (never
 * incremented), so a second run changes nothing and a late sample changes exactly what it brought.
 *
 * <p>A session's hours are computed by {@link BandwidthSeriesBuilder} over 15-minute buckets, the rule of the
 * session's own series: from the sample before the hours (whose hour is recomputed too, since the interval that
 * crosses into the hour also lies partly in it) to the sample after them.
 *
 * <p>Hours are claimed before they are read: {@code claimed_until} moves in a transaction of its own, then the job
 * waits until every write transaction that began before is over ({@code pg_current_snapshot}), so a sample is either
 * visible to the read of its hour or, written later, older than {@code claimed_until} and queued by the fold that
 * stores it in {@code usage_late_hours} (re-rolled by {@link #rerollLate}; {@link SessionSamplesAppend#claimedUntil}).
 * Runs under an advisory lock (one instance at a time), on the background pool.
 */
public final class UsageRollups {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRollups.class);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final int SESSIONS_PER_STATEMENT = 1_000;
    private static final int LATE_HOURS_PER_RUN = 20_000;
    private static final Duration BARRIER_WAIT = Duration.ofSeconds(60);

    /** What a run did: quarter-hours rolled, session-hour rows that changed, late session hours re-rolled. */
    public record Result(int quarters, int sessionHours, int lateHours) {}

    private final DSLContext dsl;

    public UsageRollups(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    /**
     * Rolls every UTC quarter-hour that ended at least {@code settle} before {@code now} (at most {@code maxQuarters};
     * a first run starts a day back), then the late samples' hours.
     */
    public Result run(Instant now, Duration settle, int maxQuarters) {
        try {
            return dsl.connectionResult(connection -> {
                connection.setAutoCommit(false);
                try {
                    return runOn(connection, now, settle, maxQuarters);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private Result runOn(Connection connection, Instant now, Duration settle, int maxQuarters) throws SQLException {
        Instant[] state = state(connection);
        connection.commit();
        Instant rolled = state[1];
        Instant horizon = BandwidthInterval.FIFTEEN_MINUTES.floor(now.minus(settle));
        if (rolled.equals(Instant.EPOCH)) {
            rolled = horizon.minus(Duration.ofDays(1));
        }
        int quarters = 0;
        int sessionHours = 0;
        while (quarters < maxQuarters && !rolled.plus(QUARTER).isAfter(horizon)) {
            Instant quarter = rolled;
            if (state[0].isBefore(quarter.plus(QUARTER))) {
                claim(connection, quarter.plus(QUARTER));
            }
            sessionHours += rollQuarter(connection, quarter);
            rolled = quarter.plus(QUARTER);
            quarters++;
        }
        int late = rerollLate(connection);
        return new Result(quarters, sessionHours, late);
    }

    private static Instant[] state(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                        "SELECT claimed_until, rolled_until FROM usage_rollup_state WHERE id = 1");
                ResultSet rows = st.executeQuery()) {
            rows.next();
            return new Instant[] {instant(rows, 1), instant(rows, 2)};
        }
    }

    /** Moves {@code claimed_until}, commits, and waits for the write transactions older than that commit. */
    private static void claim(Connection connection, Instant until) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("UPDATE usage_rollup_state SET claimed_until = ? WHERE id = 1")) {
            st.setObject(1, UsageSampleRows.timestamptz(until));
            st.executeUpdate();
        }
        connection.commit();
        long xmax;
        try (PreparedStatement st =
                        connection.prepareStatement("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
                ResultSet rows = st.executeQuery()) {
            rows.next();
            xmax = rows.getLong(1);
        }
        connection.commit();
        long deadline = System.nanoTime() + BARRIER_WAIT.toNanos();
        while (true) {
            try (PreparedStatement st = connection.prepareStatement(
                            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint >= ?");
                    ResultSet rows = prepared(st, xmax).executeQuery()) {
                rows.next();
                boolean done = rows.getBoolean(1);
                connection.commit();
                if (done) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "usage roll-up: write transactions older than the claim of {} still run after {}; "
                                + "rolling it anyway",
                        until,
                        BARRIER_WAIT);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for older transactions", e);
            }
        }
    }

    private static PreparedStatement prepared(PreparedStatement st, long value) throws SQLException {
        st.setLong(1, value);
        return st;
    }

    /**
     * One quarter-hour: the hours of the sessions with a sample in it (the whole hour recomputed, and the hour before
     * when the session's sample before the quarter lies there), the hour's aggregates, the day's when it completes
     * one; then the watermark. The rows of the hour's later quarters, computed from what has arrived so far, are
     * beyond the watermark, where no reader takes them: the rolls of those quarters overwrite them.
     */
    private int rollQuarter(Connection connection, Instant quarter) throws SQLException {
        Instant hour = floorHour(quarter);
        List<SessionRef> sessions = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT DISTINCT tenant_id, session_id FROM session_samples WHERE sampled_at >= ? AND sampled_at < ?")) {
            st.setObject(1, UsageSampleRows.timestamptz(quarter));
            st.setObject(2, UsageSampleRows.timestamptz(quarter.plus(QUARTER)));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    sessions.add(new SessionRef(rows.getString(1), rows.getObject(2, UUID.class), quarter, hour));
                }
            }
        }
        Touched touched = new Touched();
        for (int i = 0; i < sessions.size(); i += SESSIONS_PER_STATEMENT) {
            recompute(connection, sessions.subList(i, Math.min(sessions.size(), i + SESSIONS_PER_STATEMENT)), touched);
        }
        Instant rolledUntil = quarter.plus(QUARTER);
        aggregate(connection, touched, rolledUntil);
        if (rolledUntil.equals(rolledUntil.truncatedTo(ChronoUnit.DAYS))) {
            for (String tenant : tenantsOfDay(connection, rolledUntil.minus(Duration.ofDays(1)))) {
                rollDay(connection, tenant, rolledUntil.minus(Duration.ofDays(1)), null);
            }
        }
        try (PreparedStatement st =
                connection.prepareStatement("UPDATE usage_rollup_state SET rolled_until = ? WHERE id = 1")) {
            st.setObject(1, UsageSampleRows.timestamptz(rolledUntil));
            st.executeUpdate();
        }
        connection.commit();
        return touched.sessionHours;
    }

    /**
     * The hours of sessions that received late samples: taken off the queues in the transaction that re-rolls them,
     * {@code usage_late_hours} (a row a tenant and hour, V40) and {@code usage_dirty_hours} (a row a session and hour,
     * written by the versions before V40 during a rolling upgrade). A fold that queues an hour meanwhile commits a row
     * this transaction does not see, taken at the next round.
     */
    int rerollLate(Connection connection) throws SQLException {
        Map<List<Object>, SessionRef> bySession = new LinkedHashMap<>();
        int taken = 0;
        try (PreparedStatement st = connection.prepareStatement("""
                DELETE FROM usage_dirty_hours WHERE (tenant_id, session_id, hour) IN (
                  SELECT tenant_id, session_id, hour FROM usage_dirty_hours LIMIT ?)
                RETURNING tenant_id, session_id, hour""")) {
            st.setInt(1, LATE_HOURS_PER_RUN);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    taken++;
                    late(bySession, rows.getString(1), rows.getObject(2, UUID.class), instant(rows, 3));
                }
            }
        }
        // a row holds at most LATE_IDS_PER_ROW session hours: so many rows keep the round within LATE_HOURS_PER_RUN
        int lateRows = (LATE_HOURS_PER_RUN - taken) / SessionSamplesAppend.LATE_IDS_PER_ROW;
        if (lateRows > 0) {
            try (PreparedStatement st = connection.prepareStatement("""
                    DELETE FROM usage_late_hours WHERE ctid = ANY (ARRAY(SELECT ctid FROM usage_late_hours LIMIT ?))
                    RETURNING tenant_id, hour, session_ids""")) {
                st.setInt(1, lateRows);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        String tenant = rows.getString(1);
                        Instant hour = instant(rows, 2);
                        ByteBuffer ids = ByteBuffer.wrap(rows.getBytes(3));
                        while (ids.remaining() >= 16) {
                            taken++;
                            late(bySession, tenant, new UUID(ids.getLong(), ids.getLong()), hour);
                        }
                    }
                }
            }
        }
        if (taken == 0) {
            connection.commit();
            return 0;
        }
        List<SessionRef> sessions = new ArrayList<>(bySession.values());
        Touched touched = new Touched();
        for (int i = 0; i < sessions.size(); i += SESSIONS_PER_STATEMENT) {
            recompute(connection, sessions.subList(i, Math.min(sessions.size(), i + SESSIONS_PER_STATEMENT)), touched);
        }
        Instant rolledUntil = state(connection)[1];
        aggregate(connection, touched, rolledUntil);
        connection.commit();
        LOG.info("usage roll-up: re-rolled {} session hours of late samples", taken);
        return taken;
    }

    /** Adds a late hour of a session to those to recompute, widening the session's range. */
    private static void late(Map<List<Object>, SessionRef> bySession, String tenant, UUID session, Instant hour) {
        bySession.merge(
                List.of(tenant, session),
                new SessionRef(tenant, session, hour, hour),
                (a, b) -> new SessionRef(
                        tenant,
                        session,
                        a.since().isBefore(b.since()) ? a.since() : b.since(),
                        a.toHour().isAfter(b.toHour()) ? a.toHour() : b.toHour()));
    }

    /**
     * A session and the hours of it to recompute: from the hour of {@code since} (or of the session's sample before
     * {@code since}, when that lies in an earlier hour: the interval that crosses into the range lies partly there)
     * to {@code toHour}.
     */
    private record SessionRef(String tenant, UUID session, Instant since, Instant toHour) {}

    /** What a recompute changed: the (tenant, hour) pairs and the days whose customers must be summed again. */
    private static final class Touched {
        final Set<List<Object>> hours = new LinkedHashSet<>();
        final Map<List<Object>, Set<String>> dayUsers = new LinkedHashMap<>();
        int sessionHours;
    }

    /**
     * A session's last sample before {@code {AT}} ({@code k} the session's row): looked for in that instant's UTC day,
     * then the day before, then any day before (the Append stops at the first row the outer LIMIT takes). Without the
     * bounds, one LIMIT 1 over every day partition (and the default one, which rules out an ordered Append) descended
     * into each of them, about 20 with the raw retention's 14 days and those made ahead: 44,033 buffers and 23.7 ms
     * for 1,000 sessions' look-ups against 7,507 and 10.5 ms, and the job 66-67 µs a sample against 42-47
     * (docs/benchmarks.md, "The usage job's look-ups by day").
     * The last branch runs for a session without a sample that day or the day before (begun in the hour).
     */
    private static final String LAST_BEFORE = """
            (SELECT * FROM (
               (SELECT {COLS} FROM session_samples x WHERE x.tenant_id = k.tenant_id AND x.session_id = k.session_id
                AND x.sampled_at < {AT} AND x.sampled_at >= date_trunc('day', {AT}, 'UTC')
                ORDER BY x.sampled_at DESC LIMIT 1)
               UNION ALL
               (SELECT {COLS} FROM session_samples x WHERE x.tenant_id = k.tenant_id AND x.session_id = k.session_id
                AND x.sampled_at < date_trunc('day', {AT}, 'UTC')
                AND x.sampled_at >= date_trunc('day', {AT}, 'UTC') - INTERVAL '1 day'
                ORDER BY x.sampled_at DESC LIMIT 1)
               UNION ALL
               (SELECT {COLS} FROM session_samples x WHERE x.tenant_id = k.tenant_id AND x.session_id = k.session_id
                AND x.sampled_at < date_trunc('day', {AT}, 'UTC') - INTERVAL '1 day'
                ORDER BY x.sampled_at DESC LIMIT 1)) AS before LIMIT 1)""";

    /** The sample before each session's range: its hour is recomputed too (the interval crosses into it). */
    private static final String META = """
            SELECT k.tenant_id, k.session_id, s.nas_id, s.username, p.sampled_at
            FROM unnest(?::text[], ?::uuid[], ?::timestamptz[]) AS k(tenant_id, session_id, from_hour)
            JOIN sessions s ON s.tenant_id = k.tenant_id AND s.id = k.session_id
            LEFT JOIN LATERAL {BEFORE} AS p ON true""".replace(
                    "{BEFORE}", LAST_BEFORE.replace("{COLS}", "x.sampled_at").replace("{AT}", "k.from_hour"));

    /**
     * Each session's samples over [f, t) with the one before (by day, {@link #LAST_BEFORE}) and the one after: looked
     * for in {@code t}'s UTC day first, then in any later day (the partitions made ahead are empty).
     */
    private static final String SAMPLES =
            "SELECT k.tenant_id, k.session_id, c." + UsageSampleRows.COLUMNS.replace(", ", ", c.")
                    + """

            FROM unnest(?::text[], ?::uuid[], ?::timestamptz[], ?::timestamptz[]) AS k(tenant_id, session_id, f, t)
            CROSS JOIN LATERAL (
              {BEFORE}
              UNION ALL
              (SELECT * FROM session_samples s WHERE s.tenant_id = k.tenant_id AND s.session_id = k.session_id
               AND s.sampled_at >= k.f AND s.sampled_at < k.t)
              UNION ALL
              (SELECT * FROM (
                 (SELECT * FROM session_samples x WHERE x.tenant_id = k.tenant_id AND x.session_id = k.session_id
                  AND x.sampled_at >= k.t AND x.sampled_at < date_trunc('day', k.t, 'UTC') + INTERVAL '1 day'
                  ORDER BY x.sampled_at LIMIT 1)
                 UNION ALL
                 (SELECT * FROM session_samples x WHERE x.tenant_id = k.tenant_id AND x.session_id = k.session_id
                  AND x.sampled_at >= date_trunc('day', k.t, 'UTC') + INTERVAL '1 day'
                  ORDER BY x.sampled_at LIMIT 1)) AS after LIMIT 1)) AS c""".replace("{BEFORE}", LAST_BEFORE.replace("{COLS}", "*").replace("{AT}", "k.f"));

    private static final String UPSERT_SESSION_HOURS = """
            INSERT INTO usage_session_hours AS h (tenant_id, session_id, hour, nas_id, username,
              down_q1, down_q2, down_q3, down_q4, up_q1, up_q2, up_q3, up_q4, quarters)
            SELECT u.tenant_id, u.session_id, u.hour, u.nas_id, u.username,
              u.d1, u.d2, u.d3, u.d4, u.u1, u.u2, u.u3, u.u4, u.quarters
            FROM unnest(?::text[], ?::uuid[], ?::timestamptz[], ?::uuid[], ?::text[], ?::bigint[], ?::bigint[],
                        ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[])
              AS u(tenant_id, session_id, hour, nas_id, username, d1, d2, d3, d4, u1, u2, u3, u4, quarters)
            ON CONFLICT (tenant_id, session_id, hour) DO UPDATE SET
              down_q1 = EXCLUDED.down_q1, down_q2 = EXCLUDED.down_q2, down_q3 = EXCLUDED.down_q3,
              down_q4 = EXCLUDED.down_q4, up_q1 = EXCLUDED.up_q1, up_q2 = EXCLUDED.up_q2, up_q3 = EXCLUDED.up_q3,
              up_q4 = EXCLUDED.up_q4, quarters = EXCLUDED.quarters
            WHERE (h.down_q1, h.down_q2, h.down_q3, h.down_q4, h.up_q1, h.up_q2, h.up_q3, h.up_q4, h.quarters)
              IS DISTINCT FROM (EXCLUDED.down_q1, EXCLUDED.down_q2, EXCLUDED.down_q3, EXCLUDED.down_q4,
                                EXCLUDED.up_q1, EXCLUDED.up_q2, EXCLUDED.up_q3, EXCLUDED.up_q4, EXCLUDED.quarters)
            RETURNING h.tenant_id, h.hour, h.username""";

    private record Meta(String nasId, String username, Instant fromHour) {}

    /** Recomputes the sessions' hours from their samples and overwrites them. */
    private static void recompute(Connection connection, List<SessionRef> sessions, Touched touched)
            throws SQLException {
        Map<List<Object>, Meta> meta = new LinkedHashMap<>();
        Map<List<Object>, SessionRef> refs = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(META)) {
            st.setArray(
                    1,
                    connection.createArrayOf(
                            "text", sessions.stream().map(SessionRef::tenant).toArray()));
            st.setArray(
                    2,
                    connection.createArrayOf(
                            "uuid", sessions.stream().map(SessionRef::session).toArray()));
            st.setArray(
                    3,
                    connection.createArrayOf(
                            "timestamptz",
                            sessions.stream()
                                    .map(s -> UsageSampleRows.timestamptz(s.since()))
                                    .toArray()));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    List<Object> key = List.of(rows.getString(1), rows.getObject(2, UUID.class));
                    OffsetDateTime previous = rows.getObject(5, OffsetDateTime.class);
                    meta.put(
                            key,
                            new Meta(
                                    rows.getString(3),
                                    rows.getString(4),
                                    previous == null ? null : floorHour(previous.toInstant())));
                }
            }
        }
        for (SessionRef ref : sessions) {
            refs.put(List.of(ref.tenant(), ref.session()), ref);
        }
        if (meta.isEmpty()) {
            return; // sessions archived meanwhile
        }
        List<Object[]> ranges = new ArrayList<>();
        for (Map.Entry<List<Object>, Meta> entry : meta.entrySet()) {
            SessionRef ref = refs.get(entry.getKey());
            Instant since = floorHour(ref.since());
            Instant from = entry.getValue().fromHour() != null
                            && entry.getValue().fromHour().isBefore(since)
                    ? entry.getValue().fromHour()
                    : since;
            ranges.add(new Object[] {
                ref.tenant(), ref.session(), from, ref.toHour().plus(HOUR)
            });
        }
        Map<List<Object>, List<UsageSample>> samples = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(SAMPLES)) {
            st.setArray(
                    1,
                    connection.createArrayOf(
                            "text", ranges.stream().map(r -> r[0]).toArray()));
            st.setArray(
                    2,
                    connection.createArrayOf(
                            "uuid", ranges.stream().map(r -> r[1]).toArray()));
            st.setArray(
                    3,
                    connection.createArrayOf(
                            "timestamptz",
                            ranges.stream()
                                    .map(r -> UsageSampleRows.timestamptz((Instant) r[2]))
                                    .toArray()));
            st.setArray(
                    4,
                    connection.createArrayOf(
                            "timestamptz",
                            ranges.stream()
                                    .map(r -> UsageSampleRows.timestamptz((Instant) r[3]))
                                    .toArray()));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    samples.computeIfAbsent(
                                    List.of(rows.getString(1), rows.getObject(2, UUID.class)), k -> new ArrayList<>())
                            .add(UsageSampleRows.one(rows, 3));
                }
            }
        }
        HourRows out = new HourRows();
        for (Object[] range : ranges) {
            List<Object> key = List.of(range[0], range[1]);
            List<UsageSample> found = samples.getOrDefault(key, List.of());
            if (found.isEmpty()) {
                continue;
            }
            Instant from = (Instant) range[2];
            Instant to = (Instant) range[3];
            UsageSeries series =
                    BandwidthSeriesBuilder.build(found, BandwidthInterval.FIFTEEN_MINUTES, from, to, to, null);
            Meta m = meta.get(key);
            List<UsageBucket> buckets = series.buckets();
            for (int q = 0; q + 4 <= buckets.size(); q += 4) {
                int bits = 0;
                for (int i = 0; i < 4; i++) {
                    if (buckets.get(q + i).hasData()) {
                        bits |= 1 << i;
                    }
                }
                if (bits == 0) {
                    continue;
                }
                Instant hour = buckets.get(q).start();
                out.add((String) range[0], (UUID) range[1], hour, m, buckets.subList(q, q + 4), bits);
            }
        }
        out.write(connection, touched);
    }

    /** Session-hour rows as one array per column. */
    private static final class HourRows {
        final List<Object> tenant = new ArrayList<>();
        final List<Object> session = new ArrayList<>();
        final List<Object> hour = new ArrayList<>();
        final List<Object> nas = new ArrayList<>();
        final List<Object> username = new ArrayList<>();
        final List<List<Object>> quarters = new ArrayList<>();
        final List<Object> bits = new ArrayList<>();

        HourRows() {
            for (int i = 0; i < 8; i++) {
                quarters.add(new ArrayList<>());
            }
        }

        void add(String tenantId, UUID sessionId, Instant at, Meta meta, List<UsageBucket> four, int mask) {
            tenant.add(tenantId);
            session.add(sessionId);
            hour.add(UsageSampleRows.timestamptz(at));
            nas.add(UUID.fromString(meta.nasId()));
            username.add(meta.username());
            for (int i = 0; i < 4; i++) {
                quarters.get(i).add(four.get(i).downloadOctets());
                quarters.get(4 + i).add(four.get(i).uploadOctets());
            }
            bits.add((short) mask);
        }

        /**
         * Writes the rows; only those that changed (inserted, or updated because a figure differs) touch their hour's
         * aggregates and their customer's day. An hour recomputed to what it was (the hour before a quarter, for the
         * interval that crosses into it; every hour of a re-run) touches nothing: its aggregates were computed in the
         * transaction that wrote it. Without this, the first roll after midnight re-rolled the previous day of every
         * customer online at midnight.
         */
        void write(Connection connection, Touched touched) throws SQLException {
            if (tenant.isEmpty()) {
                return;
            }
            try (PreparedStatement st = connection.prepareStatement(UPSERT_SESSION_HOURS)) {
                st.setArray(1, connection.createArrayOf("text", tenant.toArray()));
                st.setArray(2, connection.createArrayOf("uuid", session.toArray()));
                st.setArray(3, connection.createArrayOf("timestamptz", hour.toArray()));
                st.setArray(4, connection.createArrayOf("uuid", nas.toArray()));
                st.setArray(5, connection.createArrayOf("text", username.toArray()));
                for (int i = 0; i < 8; i++) {
                    st.setArray(
                            6 + i,
                            connection.createArrayOf("int8", quarters.get(i).toArray()));
                }
                st.setArray(14, connection.createArrayOf("int2", bits.toArray()));
                try (ResultSet changed = st.executeQuery()) {
                    while (changed.next()) {
                        String tenantId = changed.getString(1);
                        Instant at = instant(changed, 2);
                        touched.hours.add(List.of(tenantId, at));
                        touched.dayUsers
                                .computeIfAbsent(
                                        List.of(tenantId, at.truncatedTo(ChronoUnit.DAYS)), d -> new LinkedHashSet<>())
                                .add(changed.getString(3));
                        touched.sessionHours++;
                    }
                }
            }
        }
    }

    private static final String QUARTER_DOWN =
            "CASE q.n WHEN 0 THEN h.down_q1 WHEN 1 THEN h.down_q2 WHEN 2 THEN h.down_q3 ELSE h.down_q4 END";
    private static final String QUARTER_UP =
            "CASE q.n WHEN 0 THEN h.up_q1 WHEN 1 THEN h.up_q2 WHEN 2 THEN h.up_q3 ELSE h.up_q4 END";

    private static final String NAS_QUARTERS =
            """
            INSERT INTO usage_nas_quarters AS r (tenant_id, nas_id, bucket, download_octets, upload_octets, sessions)
            SELECT h.tenant_id, h.nas_id, h.hour + q.n * INTERVAL '15 minutes', sum({DOWN}), sum({UP}),
              count(*) FILTER (WHERE h.quarters & (1 << q.n) <> 0)
            FROM usage_session_hours h CROSS JOIN generate_series(0, 3) AS q(n)
            WHERE h.tenant_id = ? AND h.hour = ?
            GROUP BY h.tenant_id, h.nas_id, h.hour, q.n
            ON CONFLICT (tenant_id, nas_id, bucket) DO UPDATE SET download_octets = EXCLUDED.download_octets,
              upload_octets = EXCLUDED.upload_octets, sessions = EXCLUDED.sessions
            WHERE (r.download_octets, r.upload_octets, r.sessions)
              IS DISTINCT FROM (EXCLUDED.download_octets, EXCLUDED.upload_octets, EXCLUDED.sessions)""".replace("{DOWN}", QUARTER_DOWN).replace("{UP}", QUARTER_UP);

    private static final String TENANT_QUARTERS =
            """
            INSERT INTO usage_tenant_quarters AS r (tenant_id, bucket, download_octets, upload_octets, sessions)
            SELECT h.tenant_id, h.hour + q.n * INTERVAL '15 minutes', sum({DOWN}), sum({UP}),
              count(*) FILTER (WHERE h.quarters & (1 << q.n) <> 0)
            FROM usage_session_hours h CROSS JOIN generate_series(0, 3) AS q(n)
            WHERE h.tenant_id = ? AND h.hour = ?
            GROUP BY h.tenant_id, h.hour, q.n
            ON CONFLICT (tenant_id, bucket) DO UPDATE SET download_octets = EXCLUDED.download_octets,
              upload_octets = EXCLUDED.upload_octets, sessions = EXCLUDED.sessions
            WHERE (r.download_octets, r.upload_octets, r.sessions)
              IS DISTINCT FROM (EXCLUDED.download_octets, EXCLUDED.upload_octets, EXCLUDED.sessions)""".replace("{DOWN}", QUARTER_DOWN).replace("{UP}", QUARTER_UP);

    private static final String CUSTOMER_HOURS = """
            INSERT INTO usage_customer_hours AS r (tenant_id, username, hour, download_octets, upload_octets, sessions)
            SELECT h.tenant_id, h.username, h.hour, sum(h.down_q1 + h.down_q2 + h.down_q3 + h.down_q4),
              sum(h.up_q1 + h.up_q2 + h.up_q3 + h.up_q4), count(*)
            FROM usage_session_hours h
            WHERE h.tenant_id = ? AND h.hour = ?
            GROUP BY h.tenant_id, h.username, h.hour
            ON CONFLICT (tenant_id, username, hour) DO UPDATE SET download_octets = EXCLUDED.download_octets,
              upload_octets = EXCLUDED.upload_octets, sessions = EXCLUDED.sessions
            WHERE (r.download_octets, r.upload_octets, r.sessions)
              IS DISTINCT FROM (EXCLUDED.download_octets, EXCLUDED.upload_octets, EXCLUDED.sessions)""";

    /** A customer's day from the session hours of the day: octets summed, sessions counted once each. */
    private static final String CUSTOMER_DAYS = """
            INSERT INTO usage_customer_days AS r (tenant_id, username, day, download_octets, upload_octets, sessions)
            SELECT h.tenant_id, h.username, ?, sum(h.down_q1 + h.down_q2 + h.down_q3 + h.down_q4),
              sum(h.up_q1 + h.up_q2 + h.up_q3 + h.up_q4), count(DISTINCT h.session_id)
            FROM usage_session_hours h
            WHERE h.tenant_id = ? AND h.hour >= ? AND h.hour < ? {USERS}
            GROUP BY h.tenant_id, h.username
            ON CONFLICT (tenant_id, username, day) DO UPDATE SET download_octets = EXCLUDED.download_octets,
              upload_octets = EXCLUDED.upload_octets, sessions = EXCLUDED.sessions
            WHERE (r.download_octets, r.upload_octets, r.sessions)
              IS DISTINCT FROM (EXCLUDED.download_octets, EXCLUDED.upload_octets, EXCLUDED.sessions)""";

    /** Every customer of the day (the day's roll once it is whole). */
    private static final String CUSTOMER_DAYS_ALL = CUSTOMER_DAYS.replace(" {USERS}", "");
    /** The customers of an array (those whose session hours of the day changed). */
    private static final String CUSTOMER_DAYS_OF = CUSTOMER_DAYS.replace("{USERS}", "AND h.username = ANY (?)");

    /** The NAS, tenant and customer rows of each touched hour; the customers' days of whole days (before rolled). */
    private static void aggregate(Connection connection, Touched touched, Instant rolledUntil) throws SQLException {
        for (List<Object> tenantHour : touched.hours) {
            for (String sql : List.of(NAS_QUARTERS, TENANT_QUARTERS, CUSTOMER_HOURS)) {
                try (PreparedStatement st = connection.prepareStatement(sql)) {
                    st.setString(1, (String) tenantHour.get(0));
                    st.setObject(2, UsageSampleRows.timestamptz((Instant) tenantHour.get(1)));
                    st.executeUpdate();
                }
            }
        }
        for (Map.Entry<List<Object>, Set<String>> day : touched.dayUsers.entrySet()) {
            Instant start = (Instant) day.getKey().get(1);
            if (!start.plus(Duration.ofDays(1)).isAfter(rolledUntil)) {
                rollDay(connection, (String) day.getKey().get(0), start, day.getValue());
            }
        }
    }

    /**
     * The customers' days ({@code usernames}: those customers only; null: all of the day's). Planned with its values
     * every time (never a server-side prepared statement, which PostgreSQL may plan once for any values): {@code =
     * ANY (?)} over the array is hashed in a plan made with the array, and compares each row with every name in turn
     * in a generic one: 38.5 s for 5,000 customers over 656,000 session hours, against 0.6 s hashed
     * (docs/benchmarks.md, "Roll-ups by the quarter-hour"). The driver prepares a statement on the server at its fifth
     * execution on a connection, and the job runs every day's roll on one.
     */
    static void rollDay(Connection connection, String tenant, Instant day, Set<String> usernames) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement(usernames == null ? CUSTOMER_DAYS_ALL : CUSTOMER_DAYS_OF)) {
            st.unwrap(PGStatement.class).setPrepareThreshold(0);
            st.setObject(1, UsageSampleRows.timestamptz(day));
            st.setString(2, tenant);
            st.setObject(3, UsageSampleRows.timestamptz(day));
            st.setObject(4, UsageSampleRows.timestamptz(day.plus(Duration.ofDays(1))));
            if (usernames != null) {
                st.setArray(5, connection.createArrayOf("text", usernames.toArray()));
            }
            st.executeUpdate();
        }
    }

    private static List<String> tenantsOfDay(Connection connection, Instant day) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT DISTINCT tenant_id FROM usage_tenant_quarters WHERE bucket >= ?" + " AND bucket < ?")) {
            st.setObject(1, UsageSampleRows.timestamptz(day));
            st.setObject(2, UsageSampleRows.timestamptz(day.plus(Duration.ofDays(1))));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getString(1));
                }
            }
        }
        return tenants;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Instant floorHour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }
}

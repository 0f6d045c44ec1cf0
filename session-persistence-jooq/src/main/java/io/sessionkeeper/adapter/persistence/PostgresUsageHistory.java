package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.UsageHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The usage of a customer's or a NAS's sessions: the sessions that overlap a range (the sessions' indexes by user
 * and by NAS; a NAS's as its open sessions and those closed since the range's start, ADR 61), their samples covering it
 * (one statement: the sessions unnested, three primary-key scans each), and the roll-up tables written by {@link
 * UsageRollups} (a session's own: {@code usage_session_hours}, by quarter).
 */
public final class PostgresUsageHistory implements UsageHistory {
    private static final String SESSIONS_OF_CUSTOMER = """
            SELECT id, stop_time, interim_interval_seconds FROM sessions_all
            WHERE tenant_id = ? AND username = ? AND start_time < ? AND (stop_time IS NULL OR stop_time >= ?)""";
    /**
     * How recent a range's start must be for the history to hold none of the sessions closed at or after it: the
     * least age at which archival moves a closed session, less a day for the clocks of the service and the database.
     */
    static final java.time.Duration ARCHIVED_AFTER_AT_LEAST = SessionArchive.LEAST_AFTER.minusDays(1);

    /**
     * The sessions of a NAS over [from, to), in three parts that do not overlap (ADR 61): its open ones ({@code
     * sessions_open_device_idx} by NAS, "open" as {@link OpenByDevice} says it), those closed at or after {@code from}
     * ({@code sessions_closed_nas_stop_idx}, V35), and those in the history that closed at or after {@code from},
     * read only when {@code from} lies more than {@link #ARCHIVED_AFTER_AT_LEAST} back (a one-time filter: archival
     * moves no session closed more recently, {@link SessionArchive#LEAST_AFTER}). The NAS's index by start time bounds
     * only {@code start_time}, so that reading through it visits every session the NAS ever had: 50,000 index entries
     * and 39,447 to 49,614 heap blocks for its last 18 minutes on the bench (128 to 181 ms; 11.7 ms this way). The
     * tenant and the start are filtered outside a fence ({@code OFFSET 0}): given to the scan, they let that index
     * serve both parts, which PostgreSQL chose when its statistics made the tenant look new ({@code
     * StaleStatisticsPlanTest}, ADR 17's rule of plans that do not depend on them).
     */
    static final String SESSIONS_OF_NAS = """
            SELECT id, stop_time, interim_interval_seconds
            FROM (SELECT id, stop_time, interim_interval_seconds, tenant_id, start_time FROM sessions
                  WHERE nas_id = ? AND %s OFFSET 0) AS o
            WHERE tenant_id = ? AND start_time < ?
            UNION ALL
            SELECT id, stop_time, interim_interval_seconds
            FROM (SELECT id, stop_time, interim_interval_seconds, tenant_id, start_time FROM sessions
                  WHERE nas_id = ? AND stop_time >= ? OFFSET 0) AS c
            WHERE tenant_id = ? AND start_time < ?
            UNION ALL
            SELECT id, stop_time, interim_interval_seconds FROM sessions_history
            WHERE tenant_id = ? AND nas_id = ? AND start_time < ? AND stop_time >= ?
              AND ?::timestamptz < now() - interval '%d seconds'""".formatted(OpenByDevice.OPEN, ARCHIVED_AFTER_AT_LEAST.toSeconds());

    private static final String SESSION_ONE = """
            SELECT id, stop_time, interim_interval_seconds FROM sessions_all
            WHERE tenant_id = ? AND id = ? AND start_time < ? AND (stop_time IS NULL OR stop_time >= ?)""";

    /**
     * A session's quarters from its hours (the primary key's range: a week at 15 minutes reads 168 rows). The hours
     * from the one holding {@code from}; quarters outside [from, to) are left out in Java.
     */
    private static final String SESSION_HOURS = """
            SELECT hour, down_q1, down_q2, down_q3, down_q4, up_q1, up_q2, up_q3, up_q4, quarters
            FROM usage_session_hours WHERE tenant_id = ? AND session_id = ? AND hour >= ? AND hour < ? ORDER BY hour""";

    /**
     * The oldest day partition of the samples (named {@code session_samples_pYYYYMMDD}, UsageMaintenance): the raw
     * retention drops whole days, oldest first, so samples of every later day are all kept. A catalogue read of a few
     * dozen rows.
     */
    private static final String OLDEST_PARTITION = """
            SELECT min(c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'session_samples'::regclass AND c.relname ~ '^session_samples_p[0-9]{8}$'""";

    /**
     * The samples of many sessions covering one range: the covering read of each, in one round trip. The last sample
     * before {@code from} is looked for in {@code from}'s day first and in the day before only when that has none
     * (the Append stops at the first row the LIMIT takes): one day partition probed a session instead of two, 44
     * against 72 ms for a NAS's 5,159 sessions on the bench.
     */
    private static final String SAMPLES_OF_SESSIONS =
            "SELECT k.id, c." + UsageSampleRows.COLUMNS.replace(", ", ", c.") + """

            FROM unnest(?::uuid[]) AS k(id)
            CROSS JOIN LATERAL (
              (SELECT * FROM (
                 (SELECT * FROM session_samples s WHERE s.tenant_id = ? AND s.session_id = k.id AND s.sampled_at < ?
                  AND s.sampled_at >= ? ORDER BY s.sampled_at DESC LIMIT 1)
                 UNION ALL
                 (SELECT * FROM session_samples s WHERE s.tenant_id = ? AND s.session_id = k.id AND s.sampled_at < ?
                  AND s.sampled_at >= ? ORDER BY s.sampled_at DESC LIMIT 1)) AS before LIMIT 1)
              UNION ALL
              (SELECT * FROM session_samples s WHERE s.tenant_id = ? AND s.session_id = k.id
               AND s.sampled_at >= ? AND s.sampled_at < ?)
              UNION ALL
              (SELECT * FROM session_samples s WHERE s.tenant_id = ? AND s.session_id = k.id AND s.sampled_at >= ?
               AND s.sampled_at < ? ORDER BY s.sampled_at LIMIT 1)) AS c""";

    /**
     * How far before and after the range the samples that close its edge intervals are looked for: bounded, so that
     * each look-up touches the partitions of two days rather than all of them (one per session of a NAS). An
     * interval longer than this across an edge of a sum's range (a session silent for a day) is left out of it.
     */
    static final java.time.Duration EDGE_REACH = java.time.Duration.ofDays(1);

    private final DSLContext dsl;

    public PostgresUsageHistory(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    private record Found(UUID id, Instant stop, java.time.Duration interimInterval) {}

    @Override
    public List<SessionSamples> samples(TenantId tenant, Scope scope, Instant from, Instant to) {
        try {
            if (scope instanceof OfNas nas) {
                return dsl.transactionResult(tx -> PlainJdbc.run(DSL.using(tx), SESSIONS_OF_NAS, (c, st) -> {
                    // thousands of sessions' samples, each a few probes: planned above jit_above_cost (JIT compiled
                    // for 14 ms of a 125 ms read of a NAS's 5,159 sessions on the bench), and no parallel workers for
                    // statements of a few thousand pages (their start took 10 ms of 33 on the bench, ADR 47)
                    try (java.sql.Statement set = c.createStatement()) {
                        set.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
                    }
                    bindNas(st, tenant, nas, from, to);
                    List<Found> found = found(st);
                    return found.isEmpty() ? List.<SessionSamples>of() : samplesOf(c, tenant, found, from, to);
                }));
            }
            String sql = scope instanceof OfSession ? SESSION_ONE : SESSIONS_OF_CUSTOMER;
            return PlainJdbc.run(dsl, sql, (c, st) -> {
                st.setString(1, tenant.value());
                bindScope(st, scope);
                st.setObject(3, UsageSampleRows.timestamptz(to));
                st.setObject(4, UsageSampleRows.timestamptz(from));
                List<Found> found = found(st);
                return found.isEmpty() ? List.<SessionSamples>of() : samplesOf(c, tenant, found, from, to);
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private static void bindNas(PreparedStatement st, TenantId tenant, OfNas nas, Instant from, Instant to)
            throws java.sql.SQLException {
        Object nasId = nas.nas().value();
        Object fromAt = UsageSampleRows.timestamptz(from);
        Object toAt = UsageSampleRows.timestamptz(to);
        // open
        st.setObject(1, nasId);
        st.setString(2, tenant.value());
        st.setObject(3, toAt);
        // closed at or after from
        st.setObject(4, nasId);
        st.setObject(5, fromAt);
        st.setString(6, tenant.value());
        st.setObject(7, toAt);
        // archived
        st.setString(8, tenant.value());
        st.setObject(9, nasId);
        st.setObject(10, toAt);
        st.setObject(11, fromAt);
        st.setObject(12, fromAt);
    }

    private static List<Found> found(PreparedStatement st) throws java.sql.SQLException {
        List<Found> found = new ArrayList<>();
        try (ResultSet rows = st.executeQuery()) {
            while (rows.next()) {
                OffsetDateTime stop = rows.getObject(2, OffsetDateTime.class);
                int interim = rows.getInt(3);
                java.time.Duration interimInterval = rows.wasNull() ? null : java.time.Duration.ofSeconds(interim);
                found.add(new Found(
                        rows.getObject(1, UUID.class), stop == null ? null : stop.toInstant(), interimInterval));
            }
        }
        return found;
    }

    private static List<SessionSamples> samplesOf(
            java.sql.Connection connection, TenantId tenant, List<Found> sessions, Instant from, Instant to)
            throws java.sql.SQLException {
        Map<UUID, List<UsageSample>> bySession = new LinkedHashMap<>();
        for (Found one : sessions) {
            bySession.put(one.id(), new ArrayList<>());
        }
        try (PreparedStatement st = connection.prepareStatement(SAMPLES_OF_SESSIONS)) {
            // before from: [its day's start, from), then [from - EDGE_REACH, its day's start): the day partitions
            Instant reach = from.minus(EDGE_REACH);
            Instant day = from.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            Instant split = day.isAfter(reach) ? day : reach;
            int i = 1;
            st.setArray(i++, connection.createArrayOf("uuid", bySession.keySet().toArray()));
            st.setString(i++, tenant.value());
            st.setObject(i++, UsageSampleRows.timestamptz(from));
            st.setObject(i++, UsageSampleRows.timestamptz(split));
            st.setString(i++, tenant.value());
            st.setObject(i++, UsageSampleRows.timestamptz(split));
            st.setObject(i++, UsageSampleRows.timestamptz(reach));
            st.setString(i++, tenant.value());
            st.setObject(i++, UsageSampleRows.timestamptz(from));
            st.setObject(i++, UsageSampleRows.timestamptz(to));
            st.setString(i++, tenant.value());
            st.setObject(i++, UsageSampleRows.timestamptz(to));
            st.setObject(i, UsageSampleRows.timestamptz(to.plus(EDGE_REACH)));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    bySession.get(rows.getObject(1, UUID.class)).add(UsageSampleRows.one(rows, 2));
                }
            }
        }
        List<SessionSamples> result = new ArrayList<>(sessions.size());
        for (Found one : sessions) {
            List<UsageSample> samples = bySession.get(one.id());
            if (!samples.isEmpty()) {
                samples.sort(java.util.Comparator.comparing(UsageSample::at));
                result.add(new SessionSamples(new SessionId(one.id()), one.stop(), one.interimInterval(), samples));
            }
        }
        return result;
    }

    /** The scope's key, the second parameter of every statement here. */
    private static void bindScope(PreparedStatement st, Scope scope) throws java.sql.SQLException {
        if (scope instanceof OfNas nas) {
            st.setObject(2, nas.nas().value());
        } else if (scope instanceof OfSession one) {
            st.setObject(2, one.session().value());
        } else {
            st.setString(2, ((OfCustomer) scope).username());
        }
    }

    @Override
    public List<RolledBucket> rolledUp(TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
        if (scope instanceof OfSession) {
            return grain == Grain.QUARTER_HOUR ? sessionQuarters(tenant, scope, from, to) : List.of();
        }
        String sql;
        if (scope instanceof OfNas && grain == Grain.QUARTER_HOUR) {
            sql = "SELECT bucket, download_octets, upload_octets, sessions FROM usage_nas_quarters"
                    + " WHERE tenant_id = ? AND nas_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";
        } else if (scope instanceof OfCustomer && grain == Grain.HOUR) {
            sql = "SELECT hour, download_octets, upload_octets, sessions FROM usage_customer_hours"
                    + " WHERE tenant_id = ? AND username = ? AND hour >= ? AND hour < ? ORDER BY hour";
        } else if (scope instanceof OfCustomer && grain == Grain.DAY) {
            sql = "SELECT day, download_octets, upload_octets, sessions FROM usage_customer_days"
                    + " WHERE tenant_id = ? AND username = ? AND day >= ? AND day < ? ORDER BY day";
        } else {
            return List.of();
        }
        try {
            return PlainJdbc.run(dsl, sql, (c, st) -> {
                st.setString(1, tenant.value());
                bindScope(st, scope);
                st.setObject(3, UsageSampleRows.timestamptz(from));
                st.setObject(4, UsageSampleRows.timestamptz(to));
                List<RolledBucket> buckets = new ArrayList<>();
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        buckets.add(new RolledBucket(
                                rows.getObject(1, OffsetDateTime.class).toInstant(),
                                rows.getLong(2),
                                rows.getLong(3),
                                rows.getInt(4)));
                    }
                }
                return buckets;
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private List<RolledBucket> sessionQuarters(TenantId tenant, Scope scope, Instant from, Instant to) {
        Instant firstHour = from.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        try {
            return PlainJdbc.run(dsl, SESSION_HOURS, (c, st) -> {
                st.setString(1, tenant.value());
                bindScope(st, scope);
                st.setObject(3, UsageSampleRows.timestamptz(firstHour));
                st.setObject(4, UsageSampleRows.timestamptz(to));
                List<RolledBucket> buckets = new ArrayList<>();
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        Instant hour = rows.getObject(1, OffsetDateTime.class).toInstant();
                        int quarters = rows.getInt(10);
                        for (int q = 0; q < 4; q++) {
                            Instant quarter = hour.plus(java.time.Duration.ofMinutes(15L * q));
                            if (!quarter.isBefore(from) && quarter.isBefore(to)) {
                                buckets.add(new RolledBucket(
                                        quarter, rows.getLong(2 + q), rows.getLong(6 + q), (quarters >> q) & 1));
                            }
                        }
                    }
                }
                return buckets;
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    @Override
    public Instant samplesKeptSince() {
        try {
            return PlainJdbc.run(dsl, OLDEST_PARTITION, (c, st) -> {
                try (ResultSet rows = st.executeQuery()) {
                    String oldest = rows.next() ? rows.getString(1) : null;
                    if (oldest == null) {
                        return Instant.EPOCH;
                    }
                    return java.time.LocalDate.parse(
                                    oldest.substring(oldest.length() - 8),
                                    java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                            .atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant();
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    @Override
    public Instant rolledUntil() {
        try {
            return PlainJdbc.run(dsl, "SELECT rolled_until FROM usage_rollup_state WHERE id = 1", (c, st) -> {
                try (ResultSet rows = st.executeQuery()) {
                    return rows.next() ? rows.getObject(1, OffsetDateTime.class).toInstant() : Instant.EPOCH;
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }
}

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
 * and by NAS; a NAS's after the roll-ups from the samples when they are fewer, ADR 47), their samples covering it
 * (one statement: the sessions unnested, three primary-key scans each), and the roll-up tables written by {@link
 * UsageRollups} (a session's own: {@code usage_session_hours}, by quarter).
 */
public final class PostgresUsageHistory implements UsageHistory {
    private static final String SESSIONS_OF_CUSTOMER = """
            SELECT id, stop_time, interim_interval_seconds FROM sessions_all
            WHERE tenant_id = ? AND username = ? AND start_time < ? AND (stop_time IS NULL OR stop_time >= ?)""";
    private static final String SESSIONS_OF_NAS = """
            SELECT id, stop_time, interim_interval_seconds FROM sessions_all
            WHERE tenant_id = ? AND nas_id = ? AND start_time < ? AND (stop_time IS NULL OR stop_time >= ?)""";
    /**
     * The sessions of a NAS found from the samples instead (for a short range after the roll-ups, {@link
     * #NAS_TAIL_FROM_SAMPLES}): those with a sample in [from, to + {@link #EDGE_REACH}) of the tenant (the day
     * partitions of the range, their BRIN on sampled_at), then the NAS and the range of each by the sessions' primary
     * key (a look-up each: the LIMIT keeps PostgreSQL from joining them to the NAS's index read instead, which it
     * chose on the bench from an estimate of 10,524 sessions where there were 3,005: 124 ms). No session whose series
     * has traffic in [from, to) is missed: traffic needs an interval between two of its covering samples that ends
     * after {@code from}, and that interval's later sample lies in [from, to + EDGE_REACH). The hot part only: a
     * session with a sample in the last hours closed at most hours ago, and archival takes none closed within 7 days
     * (the least SESSION_ARCHIVE_AFTER). The other reads here go through {@code sessions_all}, whose stop-time filter
     * keeps the history's months before {@code from} out of the plan.
     */
    private static final String SESSIONS_OF_NAS_SAMPLED = """
            SELECT s.id, s.stop_time, s.interim_interval_seconds
            FROM (SELECT DISTINCT x.session_id FROM session_samples x
                  WHERE x.tenant_id = ? AND x.sampled_at >= ? AND x.sampled_at < ?) AS k
            CROSS JOIN LATERAL (SELECT s.id, s.stop_time, s.interim_interval_seconds, s.nas_id, s.start_time
                                FROM sessions s WHERE s.tenant_id = ? AND s.id = k.session_id LIMIT 1) AS s
            WHERE s.nas_id = ? AND s.start_time < ? AND (s.stop_time IS NULL OR s.stop_time >= ?)""";

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

    /** The samples of many sessions covering one range: the covering read of each, in one round trip. */
    private static final String SAMPLES_OF_SESSIONS =
            "SELECT k.id, c." + UsageSampleRows.COLUMNS.replace(", ", ", c.") + """

            FROM unnest(?::uuid[]) AS k(id)
            CROSS JOIN LATERAL (
              (SELECT * FROM session_samples s WHERE s.tenant_id = ? AND s.session_id = k.id AND s.sampled_at < ?
               AND s.sampled_at >= ? ORDER BY s.sampled_at DESC LIMIT 1)
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

    /**
     * The longest range of a NAS's series whose sessions may be found from the samples ({@link
     * #NAS_TAIL_FROM_SAMPLES}): the raw part of a series at 15 minutes or wider, after the roll-ups (at most an hour
     * and the job's delay, 10 to 25 minutes), where the NAS's index reads every session the NAS ever had.
     */
    static final java.time.Duration SAMPLED_RANGE = java.time.Duration.ofHours(2);

    @Override
    public List<SessionSamples> samples(TenantId tenant, Scope scope, Instant from, Instant to) {
        if (scope instanceof OfNas nas && java.time.Duration.between(from, to).compareTo(SAMPLED_RANGE) <= 0) {
            return nasTail(tenant, nas, from, to);
        }
        try {
            String sql = scope instanceof OfNas
                    ? SESSIONS_OF_NAS
                    : scope instanceof OfSession ? SESSION_ONE : SESSIONS_OF_CUSTOMER;
            return PlainJdbc.run(dsl, sql, (c, st) -> {
                st.setString(1, tenant.value());
                bindScope(st, scope);
                st.setObject(3, UsageSampleRows.timestamptz(to));
                st.setObject(4, UsageSampleRows.timestamptz(from));
                List<Found> found = found(st);
                if (found.isEmpty()) {
                    return List.<SessionSamples>of();
                }
                return samplesOf(c, tenant, found, from, to);
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    /**
     * Whether the sessions of a NAS over [from, to) are found from the samples ({@link #SESSIONS_OF_NAS_SAMPLED}):
     * when the range begins at or after {@code rolled_until}, and the tenant has fewer samples in [from, to + {@link
     * #EDGE_REACH}) than the NAS has sessions ({@code session_counts}, kept by triggers). The samples read are then
     * those after the roll-ups (about an hour of them while the roll-up job runs), and the check reads at most as
     * many of them as the NAS's index would read sessions: it stops there, and the NAS's index serves the range. Both
     * give the same series; only the cost differs (ADR 47). One round trip; the samples are counted only after the
     * roll-ups. The samples are a materialised CTE, read as far as the LIMIT asks: planned for all its rows (the
     * range's pages by the BRIN), where a LIMIT over the scan itself is planned as a sequential scan expected to stop
     * early, and the rows of the range are at the end of the day's partition.
     */
    private static final String NAS_TAIL_FROM_SAMPLES = """
            WITH tail AS MATERIALIZED (
              SELECT 1 FROM session_samples x WHERE x.tenant_id = ? AND x.sampled_at >= ? AND x.sampled_at < ?)
            SELECT CASE WHEN r.rolled_until <= ? THEN
              (SELECT count(*) FROM (SELECT 1 FROM tail
                                     LIMIT (SELECT coalesce(sum(c.all_sessions), 0) FROM session_counts c
                                            WHERE c.tenant_id = ? AND c.nas_id = ?)) AS t)
              < (SELECT coalesce(sum(c.all_sessions), 0) FROM session_counts c WHERE c.tenant_id = ? AND c.nas_id = ?)
              ELSE false END
            FROM usage_rollup_state r WHERE r.id = 1""";

    /** A NAS's sessions over a short range, by the samples or by the NAS's index ({@link #NAS_TAIL_FROM_SAMPLES}). */
    private List<SessionSamples> nasTail(TenantId tenant, OfNas nas, Instant from, Instant to) {
        try {
            return dsl.transactionResult(tx -> PlainJdbc.run(DSL.using(tx), NAS_TAIL_FROM_SAMPLES, (c, st) -> {
                // reads of a few hundred pages, planned for many more rows: no parallel workers (PostgreSQL planned
                // two for the range's samples, whose start took 10 ms of a 33 ms statement on the bench, the scan
                // 1 ms) and no JIT (its compilation took 10.8 ms of 52 ms: the estimate of 16,542 look-ups of sessions
                // for 3,773 passed jit_above_cost)
                try (java.sql.Statement set = c.createStatement()) {
                    set.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
                }
                st.setString(1, tenant.value());
                st.setObject(2, UsageSampleRows.timestamptz(from));
                st.setObject(3, UsageSampleRows.timestamptz(to.plus(EDGE_REACH)));
                st.setObject(4, UsageSampleRows.timestamptz(from));
                st.setString(5, tenant.value());
                st.setObject(6, nas.nas().value());
                st.setString(7, tenant.value());
                st.setObject(8, nas.nas().value());
                boolean fromSamples;
                try (ResultSet rows = st.executeQuery()) {
                    fromSamples = rows.next() && rows.getBoolean(1);
                }
                List<Found> found;
                if (fromSamples) {
                    try (PreparedStatement sampled = c.prepareStatement(SESSIONS_OF_NAS_SAMPLED)) {
                        sampled.setString(1, tenant.value());
                        sampled.setObject(2, UsageSampleRows.timestamptz(from));
                        sampled.setObject(3, UsageSampleRows.timestamptz(to.plus(EDGE_REACH)));
                        sampled.setString(4, tenant.value());
                        sampled.setObject(5, nas.nas().value());
                        sampled.setObject(6, UsageSampleRows.timestamptz(to));
                        sampled.setObject(7, UsageSampleRows.timestamptz(from));
                        found = found(sampled);
                    }
                } else {
                    try (PreparedStatement indexed = c.prepareStatement(SESSIONS_OF_NAS)) {
                        indexed.setString(1, tenant.value());
                        bindScope(indexed, nas);
                        indexed.setObject(3, UsageSampleRows.timestamptz(to));
                        indexed.setObject(4, UsageSampleRows.timestamptz(from));
                        found = found(indexed);
                    }
                }
                return found.isEmpty() ? List.<SessionSamples>of() : samplesOf(c, tenant, found, from, to);
            }));
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
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
            st.setArray(1, connection.createArrayOf("uuid", bySession.keySet().toArray()));
            st.setString(2, tenant.value());
            st.setObject(3, UsageSampleRows.timestamptz(from));
            st.setObject(4, UsageSampleRows.timestamptz(from.minus(EDGE_REACH)));
            st.setString(5, tenant.value());
            st.setObject(6, UsageSampleRows.timestamptz(from));
            st.setObject(7, UsageSampleRows.timestamptz(to));
            st.setString(8, tenant.value());
            st.setObject(9, UsageSampleRows.timestamptz(to));
            st.setObject(10, UsageSampleRows.timestamptz(to.plus(EDGE_REACH)));
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

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.CUSTOMERS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS_ACTIVITY;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.NasActivity;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.out.AlertFacts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * What the alert evaluation reads. Each read follows an index: the tenant's open sessions by {@code
 * sessions_open_tenant_start_idx} (keyset on start and id, the few columns alerts need), the sessions stopped since
 * an instant by {@code sessions_tenant_stop_idx}, a user's usage of a day from the sessions that overlap it and the
 * key of their samples at the day's edges, the NAS with their last accounting
 * from {@code nas_activity} (never from {@code sessions.last_update}, which has no index on purpose: ADR 0007).
 */
public final class PostgresAlertFacts implements AlertFacts {
    private static final Field<Long> TOTAL = SESSIONS.DOWNLOAD_OCTETS.plus(SESSIONS.UPLOAD_OCTETS);
    private static final String NAS_REBOOT = TerminateCauses.name(TerminateCause.NAS_REBOOT);
    private static final String STALE = TerminateCauses.name(TerminateCause.STALE_SESSION_CLEANUP);
    private static final String BY_SERVICE = TerminateCauses.origin(TerminateCause.NAS_REBOOT);

    private final DSLContext dsl;

    public PostgresAlertFacts(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<SessionFacts> openSessions(TenantId tenant, SessionFacts after, int limit) {
        Condition where = SESSIONS.TENANT_ID.eq(tenant.value()).and(SESSIONS.STOP_TIME.isNull());
        if (after != null) {
            where = where.and(DSL.row(SESSIONS.START_TIME, SESSIONS.ID)
                    .lt(DSL.row(Instants.toDb(after.startTime()), after.id().value())));
        }
        return dsl.select(columns())
                .from(SESSIONS)
                .where(where)
                .orderBy(SESSIONS.START_TIME.desc(), SESSIONS.ID.desc())
                .limit(limit)
                .fetch(PostgresAlertFacts::toFacts);
    }

    /**
     * A session's share of {@code [from, to)}: its cumulative octets at the last sample at or before {@code to} (its
     * total, when nothing of it came after {@code to}) minus those at the last sample at or before {@code from} (0
     * for a session begun within). Samples are looked up by the key, the day before {@code from} at most; the one
     * before {@code from} in {@code from}'s UTC day first and in the day before only when that has none (the Append
     * stops at the first row the LIMIT takes: one day partition probed a session instead of two when a tenant's day
     * begins inside a UTC day, as off UTC it does, and the session has a sample before it on that UTC day); a session
     * begun earlier without a sample in that day counts from 0, as a whole. The traffic between the last sample before an edge and the first after it falls after the edge:
     * the share is exact to the interim interval.
     *
     * <p>The tenant's sessions of the range are its open ones (a partial index of open sessions) and, NAS by NAS
     * ({@code session_counts} has a row for every NAS with a session), those closed since {@code from} ({@code
     * sessions_closed_nas_stop_idx}, V35; ADR 61): not every session the tenant has in the hot table, which {@code
     * start_time < to} alone read through the tenant's index at every sweep of a per-day usage rule. The tenant and the
     * start are filtered outside a fence ({@code OFFSET 0}), so that {@code sessions_tenant_nas_start_idx} cannot serve
     * the closed ones whatever the statistics say (as {@link PostgresUsageHistory#SESSIONS_OF_NAS}).
     *
     * <p>The two look-ups of a session ({@code since}, {@code upto}) are fenced ({@code OFFSET 0}) so that each is
     * evaluated once a row: flattened, {@code since} was copied into every expression that names it, and PostgreSQL
     * looked up the sample before {@code from} twice for every session (1.26 M buffers against 0.64 M, 1.8 s against
     * 1.4 s on the bench's 100,000 online; docs/benchmarks.md, "The per-day usage read of alert rules").
     */
    static final String USAGE_BY_USER = """
            WITH p AS (SELECT ?::timestamptz AS f, ?::timestamptz AS t, ?::text AS tenant, ?::bigint AS above)
            SELECT s.username, sum(GREATEST(0, upto.octets - since.octets))::bigint AS used
            FROM p CROSS JOIN LATERAL (
              SELECT o.* FROM sessions o WHERE o.tenant_id = p.tenant AND o.stop_time IS NULL AND o.start_time < p.t
              UNION ALL
              SELECT c.* FROM (SELECT DISTINCT n.nas_id FROM session_counts n WHERE n.tenant_id = p.tenant) AS n
              CROSS JOIN LATERAL (SELECT * FROM sessions c WHERE c.nas_id = n.nas_id AND c.stop_time >= p.f
                                  OFFSET 0) AS c
              WHERE c.tenant_id = p.tenant AND c.start_time < p.t) AS s
            CROSS JOIN LATERAL (SELECT CASE WHEN s.start_time >= p.f THEN 0 ELSE COALESCE(
                (SELECT b.octets FROM (
                   (SELECT x.download_octets + x.upload_octets AS octets FROM session_samples x
                    WHERE x.tenant_id = s.tenant_id AND x.session_id = s.id
                      AND x.sampled_at <= p.f AND x.sampled_at >= date_trunc('day', p.f, 'UTC')
                    ORDER BY x.sampled_at DESC LIMIT 1)
                   UNION ALL
                   (SELECT x.download_octets + x.upload_octets AS octets FROM session_samples x
                    WHERE x.tenant_id = s.tenant_id AND x.session_id = s.id
                      AND x.sampled_at < date_trunc('day', p.f, 'UTC') AND x.sampled_at >= p.f - INTERVAL '1 day'
                    ORDER BY x.sampled_at DESC LIMIT 1)) AS b LIMIT 1), 0) END AS octets OFFSET 0) AS since
            CROSS JOIN LATERAL (SELECT CASE WHEN s.last_update <= p.t THEN s.download_octets + s.upload_octets
              ELSE COALESCE(
                (SELECT x.download_octets + x.upload_octets FROM session_samples x
                 WHERE x.tenant_id = s.tenant_id AND x.session_id = s.id
                   AND x.sampled_at <= p.t AND x.sampled_at > p.f
                 ORDER BY x.sampled_at DESC LIMIT 1), since.octets) END AS octets OFFSET 0) AS upto
            GROUP BY s.username
            HAVING sum(GREATEST(0, upto.octets - since.octets)) > min(p.above)""";

    @Override
    public Map<String, Long> usageByUser(TenantId tenant, Instant from, Instant to, long aboveOctets) {
        Map<String, Long> usage = new LinkedHashMap<>();
        dsl.connection(connection -> {
            try (PreparedStatement st = connection.prepareStatement(USAGE_BY_USER)) {
                st.setObject(1, UsageSampleRows.timestamptz(from));
                st.setObject(2, UsageSampleRows.timestamptz(to));
                st.setString(3, tenant.value());
                st.setLong(4, aboveOctets);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        usage.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
        });
        return usage;
    }

    @Override
    public List<NasActivity> nasActivity(TenantId tenant) {
        return dsl.select(NAS.ID, NAS.NAME, NAS_ACTIVITY.LAST_ACCOUNTING_AT)
                .from(NAS)
                .leftJoin(NAS_ACTIVITY)
                .on(NAS_ACTIVITY.NAS_ID.eq(NAS.ID))
                .where(NAS.TENANT_ID.eq(tenant.value()))
                .orderBy(NAS.NAME, NAS.ID)
                .fetch(row -> new NasActivity(new NasId(row.value1()), row.value2(), row.value3()));
    }

    @Override
    public Set<String> usernamesOfPackage(TenantId tenant, String packageName) {
        return new HashSet<>(dsl.select(CUSTOMERS.USERNAME)
                .from(CUSTOMERS)
                .where(CUSTOMERS.TENANT_ID.eq(tenant.value()), CUSTOMERS.PACKAGE_NAME.eq(packageName))
                .fetch(CUSTOMERS.USERNAME));
    }

    @Override
    public List<SessionFacts> stoppedSince(TenantId tenant, Instant from, Instant to, SessionFacts after, int limit) {
        Condition where = SESSIONS.TENANT_ID
                .eq(tenant.value())
                .and(SESSIONS.STOP_TIME.ge(Instants.toDb(from)))
                .and(SESSIONS.START_TIME.lt(Instants.toDb(to)));
        if (after != null) {
            where = where.and(DSL.row(SESSIONS.STOP_TIME, SESSIONS.ID)
                    .gt(DSL.row(Instants.toDb(after.stopTime()), after.id().value())));
        }
        return dsl.select(columns())
                .from(SESSIONS)
                .where(where)
                .orderBy(SESSIONS.STOP_TIME, SESSIONS.ID)
                .limit(limit)
                .fetch(PostgresAlertFacts::toFacts);
    }

    private static List<Field<?>> columns() {
        return List.of(
                SESSIONS.ID,
                SESSIONS.TENANT_ID,
                SESSIONS.NAS_ID,
                SESSIONS.USERNAME,
                SESSIONS.START_TIME,
                SESSIONS.LAST_UPDATE,
                SESSIONS.STOP_TIME,
                TOTAL.as("total_octets"),
                DSL.field(SESSIONS.TERMINATED_BY.eq(BY_SERVICE).and(SESSIONS.TERMINATE_CAUSE.in(NAS_REBOOT, STALE)))
                        .as("end_inferred"));
    }

    private static SessionFacts toFacts(Record row) {
        Boolean inferred = row.get("end_inferred", Boolean.class);
        return new SessionFacts(
                new SessionId(row.get(SESSIONS.ID)),
                TenantId.of(row.get(SESSIONS.TENANT_ID)),
                new NasId(row.get(SESSIONS.NAS_ID)),
                row.get(SESSIONS.USERNAME),
                row.get(SESSIONS.START_TIME),
                row.get(SESSIONS.LAST_UPDATE),
                row.get(SESSIONS.STOP_TIME),
                row.get("total_octets", Long.class),
                Boolean.TRUE.equals(inferred));
    }
}

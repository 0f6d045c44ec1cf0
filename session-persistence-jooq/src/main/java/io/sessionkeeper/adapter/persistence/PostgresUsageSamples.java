package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_SAMPLES;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.UsageSamples;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Usage samples from {@code session_samples}, reading the columns of V1 only (no session time, no kind: every sample
 * reads as an Interim-Update). A stop-gap so that the timeline can be wired before the samples are written on
 * ingest; the usage samples' own adapter replaces it.
 */
public final class PostgresUsageSamples implements UsageSamples {
    private final DSLContext dsl;

    public PostgresUsageSamples(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        return dsl.select(SESSION_SAMPLES.SAMPLED_AT, SESSION_SAMPLES.DOWNLOAD_OCTETS, SESSION_SAMPLES.UPLOAD_OCTETS)
                .from(SESSION_SAMPLES)
                .where(
                        SESSION_SAMPLES.TENANT_ID.eq(tenant.value()),
                        SESSION_SAMPLES.SESSION_ID.eq(session.value()),
                        SESSION_SAMPLES.SAMPLED_AT.ge(Instants.toDb(fromInclusive)),
                        SESSION_SAMPLES.SAMPLED_AT.lt(Instants.toDb(toExclusive)))
                .orderBy(SESSION_SAMPLES.SAMPLED_AT)
                .limit(Math.max(0, limit))
                .fetch(row -> new UsageSample(row.value1(), row.value2(), row.value3(), 0, UsageSample.Kind.INTERIM));
    }
}

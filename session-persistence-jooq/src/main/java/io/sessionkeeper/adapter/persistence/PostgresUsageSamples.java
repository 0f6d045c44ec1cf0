package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.UsageSamples;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** A session's usage samples from {@code session_samples} (the primary key: tenant, session, time). */
public final class PostgresUsageSamples implements UsageSamples {
    private static final String BETWEEN = "SELECT " + UsageSampleRows.COLUMNS + " " + """
             FROM session_samples WHERE tenant_id = ? AND session_id = ? AND sampled_at >= ? AND sampled_at < ?
             ORDER BY sampled_at LIMIT ?""";

    private final DSLContext dsl;

    public PostgresUsageSamples(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        return read(BETWEEN, (connection, statement) -> {
            statement.setString(1, tenant.value());
            statement.setObject(2, session.value());
            statement.setObject(3, UsageSampleRows.timestamptz(fromInclusive));
            statement.setObject(4, UsageSampleRows.timestamptz(toExclusive));
            statement.setInt(5, limit);
            try (ResultSet rows = statement.executeQuery()) {
                return UsageSampleRows.read(rows, 1);
            }
        });
    }

    @Override
    public List<UsageSample> covering(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        return read(UsageSampleRows.COVERING, (connection, statement) -> {
            UsageSampleRows.bindCovering(statement, tenant.value(), session.value(), fromInclusive, toExclusive, limit);
            try (ResultSet rows = statement.executeQuery()) {
                return UsageSampleRows.read(rows, 1);
            }
        });
    }

    private <T> T read(String sql, PlainJdbc.Work<T> work) {
        try {
            return PlainJdbc.run(dsl, sql, work);
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.TENANTS;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** Tenants (ISPs) in PostgreSQL, with the time zone their "today" is counted in. */
public final class PostgresTenantDirectory implements TenantDirectory {
    private final DSLContext dsl;

    public PostgresTenantDirectory(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        return dsl.selectFrom(TENANTS)
                .where(TENANTS.ID.eq(id.value()))
                .fetchOptional(
                        row -> new Tenant(TenantId.of(row.getId()), row.getName(), ZoneId.of(row.getTimeZone())));
    }

    /** Creates the tenant unless one with its id exists; an existing tenant is left as it is. */
    @Override
    public void createIfAbsent(Tenant tenant) {
        dsl.insertInto(TENANTS)
                .set(TENANTS.ID, tenant.id().value())
                .set(TENANTS.NAME, tenant.name())
                .set(TENANTS.TIME_ZONE, tenant.timeZone().getId())
                .onConflictDoNothing()
                .execute();
    }

    @Override
    public void save(Tenant tenant) {
        dsl.insertInto(TENANTS)
                .set(TENANTS.ID, tenant.id().value())
                .set(TENANTS.NAME, tenant.name())
                .set(TENANTS.TIME_ZONE, tenant.timeZone().getId())
                .onConflict(TENANTS.ID)
                .doUpdate()
                .set(TENANTS.NAME, tenant.name())
                .set(TENANTS.TIME_ZONE, tenant.timeZone().getId())
                .execute();
    }
}

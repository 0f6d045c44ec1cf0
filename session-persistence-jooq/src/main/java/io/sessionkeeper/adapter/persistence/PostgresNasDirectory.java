package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;

import io.sessionkeeper.adapter.persistence.mapping.NasMapper;
import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.NasDirectory;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Registered NAS and proxies in PostgreSQL. An IP address belongs to one NAS across tenants (unique index). */
public final class PostgresNasDirectory implements NasDirectory {
    static final String IP_ADDRESS_INDEX = "nas_ip_address_uk";

    private final DSLContext dsl;

    public PostgresNasDirectory(DataSource dataSource) {
        this(JooqContexts.create(dataSource));
    }

    PostgresNasDirectory(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Nas> findById(TenantId tenant, NasId id) {
        return dsl.selectFrom(NAS)
                .where(NAS.TENANT_ID.eq(tenant.value()), NAS.ID.eq(id.value()))
                .fetchOptional(NasMapper::toNas);
    }

    @Override
    public List<Nas> findByTenant(TenantId tenant) {
        return dsl.selectFrom(NAS)
                .where(NAS.TENANT_ID.eq(tenant.value()))
                .orderBy(NAS.NAME, NAS.ID)
                .fetch(NasMapper::toNas);
    }

    @Override
    public List<Nas> findAll() {
        return dsl.selectFrom(NAS).orderBy(NAS.TENANT_ID, NAS.NAME, NAS.ID).fetch(NasMapper::toNas);
    }

    @Override
    public void save(Nas nas) {
        var row = NasMapper.toRecord(nas);
        try {
            dsl.insertInto(NAS)
                    .set(row)
                    .onConflict(NAS.TENANT_ID, NAS.ID)
                    .doUpdate()
                    .set(row)
                    .execute();
        } catch (DataAccessException e) {
            if (TransientFailures.isUniqueViolation(e, IP_ADDRESS_INDEX)) {
                throw new ConflictException("IP address " + nas.ipAddress() + " belongs to another NAS");
            }
            throw e;
        }
    }

    @Override
    public boolean delete(TenantId tenant, NasId id) {
        return dsl.deleteFrom(NAS)
                        .where(NAS.TENANT_ID.eq(tenant.value()), NAS.ID.eq(id.value()))
                        .execute()
                > 0;
    }
}

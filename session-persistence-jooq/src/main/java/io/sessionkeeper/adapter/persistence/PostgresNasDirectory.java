package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.NasRecord;
import io.sessionkeeper.adapter.persistence.mapping.NasMapper;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import io.sessionkeeper.adapter.persistence.secrets.SecretColumns;
import io.sessionkeeper.adapter.persistence.secrets.SecretContext;
import io.sessionkeeper.adapter.persistence.secrets.UnreadableSecretException;
import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.NasDirectory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered NAS and proxies in PostgreSQL. An IP address belongs to one NAS across tenants (unique index).
 *
 * <p>Secrets are stored encrypted ({@link SecretCipher}), bound to (tenant, NAS id). A row whose secret cannot be
 * decrypted (a key this instance lacks, a value altered or copied from another row) is left out of every answer, as
 * if the NAS were not registered, and logged once: one bad row must not stop the RADIUS side from knowing the other
 * NAS, and a secret that fails authentication must never be used.
 */
public final class PostgresNasDirectory implements NasDirectory {
    static final String IP_ADDRESS_INDEX = "nas_ip_address_uk";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNasDirectory.class);

    private final DSLContext dsl;
    private final SecretCipher cipher;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public PostgresNasDirectory(DataSource dataSource, SecretCipher cipher) {
        this(JooqContexts.create(dataSource), cipher);
    }

    PostgresNasDirectory(DSLContext dsl, SecretCipher cipher) {
        this.dsl = dsl;
        this.cipher = cipher;
    }

    @Override
    public Optional<Nas> findById(TenantId tenant, NasId id) {
        return dsl.selectFrom(NAS)
                .where(NAS.TENANT_ID.eq(tenant.value()), NAS.ID.eq(id.value()))
                .fetchOptional()
                .flatMap(this::readable);
    }

    @Override
    public List<Nas> findByTenant(TenantId tenant) {
        return dsl.selectFrom(NAS).where(NAS.TENANT_ID.eq(tenant.value())).orderBy(NAS.NAME, NAS.ID).fetch().stream()
                .flatMap(row -> readable(row).stream())
                .toList();
    }

    @Override
    public List<Nas> findAll() {
        return dsl.selectFrom(NAS).orderBy(NAS.TENANT_ID, NAS.NAME, NAS.ID).fetch().stream()
                .flatMap(row -> readable(row).stream())
                .toList();
    }

    @Override
    public void save(Nas nas) {
        var row = NasMapper.toRecord(
                nas, cipher.seal(nas.secret(), context(nas.tenant().value(), nas.id())));
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

    private Optional<Nas> readable(NasRecord row) {
        SecretContext context = context(row.getTenantId(), new NasId(row.getId()));
        String secret;
        try {
            secret = cipher.open(row.getSecretEncrypted(), context);
        } catch (UnreadableSecretException e) {
            if (reported.add(row.getTenantId() + "/" + row.getId() + "/" + e.getMessage())) {
                LOG.error(
                        "NAS {} of tenant {} is left out: its secret {}. Delete it and register it again, or give"
                                + " this instance the key it was encrypted with",
                        row.getId(),
                        row.getTenantId(),
                        e.getMessage());
            }
            return Optional.empty();
        }
        return Optional.of(NasMapper.toNas(row, secret));
    }

    private static SecretContext context(String tenant, NasId id) {
        return SecretColumns.NAS_SECRET.context(tenant, id.value());
    }
}

package io.sessionkeeper.adapter.persistence.mapping;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.NasRecord;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.TenantId;
import org.jooq.Record;

/**
 * Rows of {@code nas} to and from domain NAS. The secret column holds ciphertext: the caller decrypts it before
 * {@link #toNas} and encrypts it for {@link #toRecord} (PostgresNasDirectory, with the secrets cipher).
 */
public final class NasMapper {
    private NasMapper() {}

    public static Nas toNas(Record row, String secret) {
        String override = row.get(NAS.CONNECTION_TYPE_OVERRIDE);
        return new Nas(
                new NasId(row.get(NAS.ID)),
                TenantId.of(row.get(NAS.TENANT_ID)),
                row.get(NAS.NAME),
                row.get(NAS.IP_ADDRESS),
                secret,
                row.get(NAS.COA_PORT),
                NasVendor.valueOf(row.get(NAS.VENDOR)),
                override == null ? null : ConnectionType.valueOf(override),
                row.get(NAS.COUNTERS_REVERSED),
                row.get(NAS.IDENTIFIER),
                row.get(NAS.PROXY));
    }

    public static NasRecord toRecord(Nas nas, byte[] encryptedSecret) {
        return new NasRecord()
                .setTenantId(nas.tenant().value())
                .setId(nas.id().value())
                .setName(nas.name())
                .setIpAddress(nas.ipAddress())
                .setSecretEncrypted(encryptedSecret)
                .setCoaPort(nas.coaPort())
                .setVendor(nas.vendor().name())
                .setConnectionTypeOverride(
                        nas.connectionTypeOverride() == null
                                ? null
                                : nas.connectionTypeOverride().name())
                .setCountersReversed(nas.countersReversed())
                .setIdentifier(nas.identifier())
                .setProxy(nas.proxy());
    }
}

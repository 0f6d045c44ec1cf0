package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.ADDRESS_LOOKUP_AUDIT;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** The look-up audit in {@code address_lookup_audit} (migration V25): one row per look-up, before its answer. */
final class PostgresAddressLookupAudit implements AddressLookupAudit {
    private final DSLContext dsl;

    PostgresAddressLookupAudit(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public void record(Entry entry) {
        dsl.insertInto(ADDRESS_LOOKUP_AUDIT)
                .set(ADDRESS_LOOKUP_AUDIT.TENANT_ID, entry.tenant().value())
                .set(ADDRESS_LOOKUP_AUDIT.ASKED_AT, Instants.toDb(entry.askedAt()))
                .set(
                        ADDRESS_LOOKUP_AUDIT.TOKEN_ID,
                        entry.token() == null ? null : entry.token().value())
                .set(ADDRESS_LOOKUP_AUDIT.CLIENT_ADDRESS, entry.clientAddress())
                .set(ADDRESS_LOOKUP_AUDIT.ADDRESS, entry.address())
                .set(ADDRESS_LOOKUP_AUDIT.ADDRESS_AT, Instants.toDb(entry.at()))
                .set(ADDRESS_LOOKUP_AUDIT.FOUND, entry.found())
                .execute();
    }
}

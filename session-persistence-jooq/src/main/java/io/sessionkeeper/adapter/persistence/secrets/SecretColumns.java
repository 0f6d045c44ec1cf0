package io.sessionkeeper.adapter.persistence.secrets;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.NasRecord;
import java.util.List;

/**
 * Every encrypted column of the schema. The start-up check ({@link KeyringCheck}) and {@code rotate-key}
 * ({@link SecretRotation}) go through this list: a new kind of secret (a webhook's signing secret) adds its column
 * here, and is then covered by both.
 */
public final class SecretColumns {
    /** The RADIUS shared secret of a NAS, bound to (tenant, NAS id). */
    public static final SecretColumn<NasRecord> NAS_SECRET =
            new SecretColumn<>("nas.secret", NAS, NAS.SECRET_ENCRYPTED, List.of(NAS.TENANT_ID, NAS.ID));

    public static final List<SecretColumn<?>> ALL = List.of(NAS_SECRET);

    private SecretColumns() {}
}

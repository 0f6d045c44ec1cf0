package io.sessionkeeper.adapter.persistence.secrets;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.NAS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.WEBHOOKS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.NasRecord;
import io.sessionkeeper.adapter.persistence.jooq.tables.records.WebhooksRecord;
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

    /** The signing secret of a webhook, bound to (tenant, webhook id). */
    public static final SecretColumn<WebhooksRecord> WEBHOOK_SECRET = new SecretColumn<>(
            "webhooks.secret", WEBHOOKS, WEBHOOKS.SECRET_ENCRYPTED, List.of(WEBHOOKS.TENANT_ID, WEBHOOKS.ID));

    public static final List<SecretColumn<?>> ALL = List.of(NAS_SECRET, WEBHOOK_SECRET);

    private SecretColumns() {}
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.WEBHOOKS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.WEBHOOK_DELIVERIES;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.WebhookDeliveriesRecord;
import io.sessionkeeper.adapter.persistence.jooq.tables.records.WebhooksRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import io.sessionkeeper.adapter.persistence.secrets.SecretColumns;
import io.sessionkeeper.adapter.persistence.secrets.UnreadableSecretException;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.out.Webhooks;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks in {@code webhooks} and their outbox {@code webhook_deliveries} (V17). The signing secret is stored
 * encrypted ({@link SecretCipher}, bound to (tenant, webhook id)), like NAS secrets. A claim takes due deliveries
 * with {@code FOR UPDATE SKIP LOCKED} and moves them a lease ahead in the same statement, so that two workers or
 * instances never claim the same delivery at once.
 */
public final class PostgresWebhooks implements Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWebhooks.class);

    private static final String CLAIM = """
            UPDATE webhook_deliveries AS d
               SET attempts = d.attempts + 1, next_attempt_at = ?::timestamptz, last_attempt_at = ?::timestamptz
              FROM (SELECT tenant_id, id FROM webhook_deliveries
                     WHERE status = 'PENDING' AND next_attempt_at <= ?::timestamptz
                     ORDER BY next_attempt_at LIMIT ?::integer FOR UPDATE SKIP LOCKED) AS due,
                   webhooks AS w
             WHERE d.tenant_id = due.tenant_id AND d.id = due.id
               AND w.tenant_id = d.tenant_id AND w.id = d.webhook_id
            RETURNING d.tenant_id, d.id, d.webhook_id, d.event_id, d.body, d.attempts, w.url, w.secret_encrypted""";

    private final DSLContext dsl;
    private final SecretCipher cipher;

    public PostgresWebhooks(DataSource dataSource, SecretCipher cipher) {
        this.dsl = JooqContexts.create(dataSource);
        this.cipher = cipher;
    }

    @Override
    public void create(Webhook webhook, String secret) {
        dsl.insertInto(WEBHOOKS)
                .set(new WebhooksRecord()
                        .setTenantId(webhook.tenant().value())
                        .setId(webhook.id().value())
                        .setUrl(webhook.url().toString())
                        .setDescription(webhook.description())
                        .setEnabled(webhook.enabled())
                        .setSecretEncrypted(cipher.seal(
                                secret,
                                SecretColumns.WEBHOOK_SECRET.context(
                                        webhook.tenant().value(), webhook.id().value())))
                        .setCreatedAt(Instants.toDb(webhook.createdAt())))
                .execute();
    }

    @Override
    public Optional<Webhook> find(TenantId tenant, WebhookId id) {
        return dsl.selectFrom(WEBHOOKS)
                .where(WEBHOOKS.TENANT_ID.eq(tenant.value()), WEBHOOKS.ID.eq(id.value()))
                .fetchOptional(PostgresWebhooks::toWebhook);
    }

    @Override
    public List<Webhook> findByTenant(TenantId tenant) {
        return dsl.selectFrom(WEBHOOKS)
                .where(WEBHOOKS.TENANT_ID.eq(tenant.value()))
                .orderBy(WEBHOOKS.CREATED_AT, WEBHOOKS.ID)
                .fetch(PostgresWebhooks::toWebhook);
    }

    @Override
    public boolean delete(TenantId tenant, WebhookId id) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.deleteFrom(WEBHOOK_DELIVERIES)
                    .where(
                            WEBHOOK_DELIVERIES.TENANT_ID.eq(tenant.value()),
                            WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(id.value()))
                    .execute();
            return tx.deleteFrom(WEBHOOKS)
                            .where(WEBHOOKS.TENANT_ID.eq(tenant.value()), WEBHOOKS.ID.eq(id.value()))
                            .execute()
                    > 0;
        });
    }

    @Override
    public long enqueue(WebhookId webhook, WebhookEvent event) {
        return Outbox.enqueue(dsl, webhook, event);
    }

    @Override
    public List<WebhookDelivery> deliveries(TenantId tenant, WebhookId webhook, long offset, int limit) {
        return dsl.selectFrom(WEBHOOK_DELIVERIES)
                .where(
                        WEBHOOK_DELIVERIES.TENANT_ID.eq(tenant.value()),
                        WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhook.value()))
                .orderBy(WEBHOOK_DELIVERIES.ID.desc())
                .offset(offset)
                .limit(limit)
                .fetch(PostgresWebhooks::toDelivery);
    }

    @Override
    public long countDeliveries(TenantId tenant, WebhookId webhook) {
        return dsl.selectCount()
                .from(WEBHOOK_DELIVERIES)
                .where(
                        WEBHOOK_DELIVERIES.TENANT_ID.eq(tenant.value()),
                        WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhook.value()))
                .fetchSingle()
                .value1();
    }

    @Override
    public List<PendingDelivery> claimDue(Instant now, Duration lease, int limit) {
        Instant at = Instants.toDb(now);
        List<Record> rows =
                dsl.resultQuery(CLAIM, at.plus(lease), at, at, limit).fetch();
        List<PendingDelivery> claimed = new ArrayList<>(rows.size());
        for (Record row : rows) {
            String tenant = row.get("tenant_id", String.class);
            java.util.UUID webhookId = row.get("webhook_id", java.util.UUID.class);
            long id = row.get("id", Long.class);
            String secret;
            try {
                secret = cipher.open(
                        row.get("secret_encrypted", byte[].class),
                        SecretColumns.WEBHOOK_SECRET.context(tenant, webhookId));
            } catch (UnreadableSecretException e) {
                // never send unsigned, nor signed with a secret that fails authentication
                LOG.error(
                        "webhook {} of tenant {}: its secret {}; the delivery fails",
                        webhookId,
                        tenant,
                        e.getMessage());
                recordAttempt(
                        TenantId.of(tenant),
                        id,
                        WebhookDelivery.Status.FAILED,
                        0,
                        "the webhook's secret cannot be read by this instance",
                        now,
                        null);
                continue;
            }
            claimed.add(new PendingDelivery(
                    id,
                    TenantId.of(tenant),
                    new WebhookId(webhookId),
                    URI.create(row.get("url", String.class)),
                    secret,
                    row.get("event_id", java.util.UUID.class),
                    row.get("body", String.class),
                    row.get("attempts", Integer.class)));
        }
        return claimed;
    }

    @Override
    public void recordAttempt(
            TenantId tenant,
            long deliveryId,
            WebhookDelivery.Status status,
            int httpStatus,
            String error,
            Instant at,
            Instant nextAttemptAt) {
        dsl.update(WEBHOOK_DELIVERIES)
                .set(WEBHOOK_DELIVERIES.STATUS, status.name())
                .set(WEBHOOK_DELIVERIES.LAST_STATUS, httpStatus)
                .set(WEBHOOK_DELIVERIES.LAST_ERROR, error)
                .set(WEBHOOK_DELIVERIES.LAST_ATTEMPT_AT, Instants.toDb(at))
                .set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, Instants.toDb(nextAttemptAt))
                .set(
                        WEBHOOK_DELIVERIES.DELIVERED_AT,
                        status == WebhookDelivery.Status.DELIVERED ? Instants.toDb(at) : null)
                .where(WEBHOOK_DELIVERIES.TENANT_ID.eq(tenant.value()), WEBHOOK_DELIVERIES.ID.eq(deliveryId))
                .execute();
    }

    private static Webhook toWebhook(WebhooksRecord row) {
        return new Webhook(
                new WebhookId(row.getId()),
                TenantId.of(row.getTenantId()),
                URI.create(row.getUrl()),
                row.getDescription(),
                row.getEnabled(),
                row.getCreatedAt());
    }

    private static WebhookDelivery toDelivery(WebhookDeliveriesRecord row) {
        return new WebhookDelivery(
                row.getId(),
                new WebhookId(row.getWebhookId()),
                row.getEventId(),
                row.getEventType(),
                WebhookDelivery.Status.valueOf(row.getStatus()),
                row.getAttempts(),
                row.getCreatedAt(),
                row.getNextAttemptAt(),
                row.getLastAttemptAt(),
                row.getLastStatus(),
                row.getLastError(),
                row.getDeliveredAt());
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.WEBHOOKS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.WEBHOOK_DELIVERIES;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Queues webhook events in {@code webhook_deliveries} (V17) on the caller's transaction: the event becomes
 * deliverable exactly when the change that made it commits. Due at once.
 */
final class Outbox {
    private Outbox() {}

    /** One delivery per enabled webhook of the event's tenant; returns how many. */
    static int enqueue(DSLContext tx, WebhookEvent event) {
        return tx.insertInto(
                        WEBHOOK_DELIVERIES,
                        WEBHOOK_DELIVERIES.TENANT_ID,
                        WEBHOOK_DELIVERIES.WEBHOOK_ID,
                        WEBHOOK_DELIVERIES.EVENT_ID,
                        WEBHOOK_DELIVERIES.EVENT_TYPE,
                        WEBHOOK_DELIVERIES.BODY,
                        WEBHOOK_DELIVERIES.STATUS,
                        WEBHOOK_DELIVERIES.CREATED_AT,
                        WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT)
                .select(DSL.select(
                                WEBHOOKS.TENANT_ID,
                                WEBHOOKS.ID,
                                DSL.val(event.id()),
                                DSL.val(event.type()),
                                DSL.val(event.body()),
                                DSL.val(WebhookDelivery.Status.PENDING.name()),
                                DSL.val(Instants.toDb(event.occurredAt())),
                                DSL.val(Instants.toDb(event.occurredAt())))
                        .from(WEBHOOKS)
                        .where(WEBHOOKS.TENANT_ID.eq(event.tenant().value()), WEBHOOKS.ENABLED.isTrue()))
                .onConflictDoNothing()
                .execute();
    }

    /** One delivery to one webhook of the event's tenant (enabled or not: a test); returns its id. */
    static long enqueue(DSLContext tx, WebhookId webhook, WebhookEvent event) {
        return tx.insertInto(WEBHOOK_DELIVERIES)
                .set(WEBHOOK_DELIVERIES.TENANT_ID, event.tenant().value())
                .set(WEBHOOK_DELIVERIES.WEBHOOK_ID, webhook.value())
                .set(WEBHOOK_DELIVERIES.EVENT_ID, event.id())
                .set(WEBHOOK_DELIVERIES.EVENT_TYPE, event.type())
                .set(WEBHOOK_DELIVERIES.BODY, event.body())
                .set(WEBHOOK_DELIVERIES.STATUS, WebhookDelivery.Status.PENDING.name())
                .set(WEBHOOK_DELIVERIES.CREATED_AT, Instants.toDb(event.occurredAt()))
                .set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, Instants.toDb(event.occurredAt()))
                .returning(WEBHOOK_DELIVERIES.ID)
                .fetchSingle()
                .getId();
    }
}

package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import java.util.List;

/** A tenant's webhooks: where its alert events go. */
public interface ManageWebhooksUseCase {
    /**
     * Makes a webhook and its signing secret, which the answer carries this once.
     *
     * @throws io.sessionkeeper.domain.model.InvalidValueException when the URL is malformed or its target is refused
     * @throws io.sessionkeeper.domain.model.ConflictException when the tenant has the most webhooks it may have
     */
    CreatedWebhook create(CreateWebhookCommand command);

    List<Webhook> list(TenantId tenant);

    Webhook get(TenantId tenant, WebhookId id);

    void delete(TenantId tenant, WebhookId id);

    DeliveryPage deliveries(TenantId tenant, WebhookId id, int page, int pageSize);

    /** Queues a {@code webhook.test} event for this webhook (it goes out like any other, with retries). */
    WebhookEvent testFire(TenantId tenant, WebhookId id);
}

package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.in.CreateWebhookCommand;
import io.sessionkeeper.domain.port.in.CreatedWebhook;
import io.sessionkeeper.domain.port.in.DeliveryPage;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.ManageWebhooksUseCase;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.port.out.Webhooks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's webhooks. The signing secret is made here from 32 random bytes, returned once and stored through the
 * port (encrypted at rest by the store); a target the sender refuses (loopback, private, metadata addresses) is
 * refused when the webhook is made, and again at each delivery (its name may resolve elsewhere by then).
 */
@Singleton
public final class WebhookAdminService implements ManageWebhooksUseCase {
    static final String SECRET_PREFIX = "whsec_";

    private final Webhooks webhooks;
    private final WebhookSender sender;
    private final AlertPolicy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public WebhookAdminService(Webhooks webhooks, WebhookSender sender, AlertPolicy policy, Clock clock) {
        this.webhooks = webhooks;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public CreatedWebhook create(CreateWebhookCommand command) {
        URI url = Webhook.parseUrl(command.url());
        Text.optional("description", command.description(), Webhook.MAX_DESCRIPTION);
        Optional<String> refusal = sender.refusal(url);
        if (refusal.isPresent()) {
            throw new InvalidValueException("url", refusal.get());
        }
        if (webhooks.findByTenant(command.tenant()).size() >= policy.maxWebhooksPerTenant()) {
            throw new ConflictException(
                    "the tenant has " + policy.maxWebhooksPerTenant() + " webhooks, the most allowed");
        }
        Webhook webhook = new Webhook(
                WebhookId.random(),
                command.tenant(),
                url,
                command.description(),
                command.enabled(),
                Instants.now(clock));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        webhooks.create(webhook, secret);
        return new CreatedWebhook(webhook, secret);
    }

    @Override
    public List<Webhook> list(TenantId tenant) {
        return webhooks.findByTenant(tenant);
    }

    @Override
    public Webhook get(TenantId tenant, WebhookId id) {
        return webhooks.find(tenant, id).orElseThrow(() -> new NotFoundException("webhook", id));
    }

    @Override
    public void delete(TenantId tenant, WebhookId id) {
        if (!webhooks.delete(tenant, id)) {
            throw new NotFoundException("webhook", id);
        }
    }

    @Override
    public DeliveryPage deliveries(TenantId tenant, WebhookId id, int page, int pageSize) {
        get(tenant, id);
        InvalidValueException.require(page >= 1, "page", "must be 1 or more");
        InvalidValueException.require(
                pageSize >= 1 && pageSize <= ListSessionsQuery.MAX_PAGE_SIZE,
                "pageSize",
                "must be between 1 and " + ListSessionsQuery.MAX_PAGE_SIZE);
        long offset = (long) (page - 1) * pageSize;
        InvalidValueException.require(offset <= ListSessionsQuery.MAX_OFFSET, "page", "is too deep");
        return new DeliveryPage(
                webhooks.deliveries(tenant, id, offset, pageSize),
                webhooks.countDeliveries(tenant, id),
                page,
                pageSize);
    }

    @Override
    public WebhookEvent testFire(TenantId tenant, WebhookId id) {
        Webhook webhook = get(tenant, id);
        WebhookEvent event = AlertEvents.test(webhook, Instants.now(clock));
        webhooks.enqueue(webhook.id(), event);
        return event;
    }
}

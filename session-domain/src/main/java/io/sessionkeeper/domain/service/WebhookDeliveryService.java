package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.port.in.DeliverWebhooksUseCase;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.port.out.Webhooks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends due webhook deliveries from the outbox: claims them (a lease keeps other workers and instances off them),
 * makes one attempt each, and records it: delivered on a 2xx; again after the schedule's next delay on a 5xx, a
 * 429, a time-out or a connection failure; failed for good on another 4xx, a refused target, or after the last
 * attempt. A worker that dies between claim and record leaves the delivery to be claimed again when its lease ends
 * (at least once: the same event id again).
 */
@Singleton
public final class WebhookDeliveryService implements DeliverWebhooksUseCase {
    private static final int MAX_ERROR = 300;

    private final Webhooks webhooks;
    private final WebhookSender sender;
    private final WebhookRetrySchedule schedule;
    private final Clock clock;

    @Inject
    public WebhookDeliveryService(Webhooks webhooks, WebhookSender sender, WebhookRetrySchedule schedule, Clock clock) {
        this.webhooks = webhooks;
        this.sender = sender;
        this.schedule = schedule;
        this.clock = clock;
    }

    @Override
    public int deliverDue(int limit) {
        var due = webhooks.claimDue(Instants.now(clock), schedule.lease(), limit);
        for (PendingDelivery delivery : due) {
            attempt(delivery);
        }
        return due.size();
    }

    private void attempt(PendingDelivery delivery) {
        DeliveryOutcome outcome;
        try {
            outcome = sender.send(delivery);
        } catch (RuntimeException e) {
            outcome = new DeliveryOutcome.Retry(
                    0, "sender failed: " + e.getClass().getSimpleName());
        }
        Instant at = Instants.now(clock);
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            webhooks.recordAttempt(
                    delivery.tenant(),
                    delivery.id(),
                    WebhookDelivery.Status.DELIVERED,
                    delivered.status(),
                    null,
                    at,
                    null);
        } else if (outcome instanceof DeliveryOutcome.Retry retry) {
            Duration wait = schedule.after(delivery.attempt());
            if (wait == null) {
                webhooks.recordAttempt(
                        delivery.tenant(),
                        delivery.id(),
                        WebhookDelivery.Status.FAILED,
                        retry.status(),
                        clip("gave up after " + delivery.attempt() + " attempts: " + retry.reason()),
                        at,
                        null);
            } else {
                webhooks.recordAttempt(
                        delivery.tenant(),
                        delivery.id(),
                        WebhookDelivery.Status.PENDING,
                        retry.status(),
                        clip(retry.reason()),
                        at,
                        at.plus(wait));
            }
        } else {
            DeliveryOutcome.GiveUp giveUp = (DeliveryOutcome.GiveUp) outcome;
            webhooks.recordAttempt(
                    delivery.tenant(),
                    delivery.id(),
                    WebhookDelivery.Status.FAILED,
                    giveUp.status(),
                    clip(giveUp.reason()),
                    at,
                    null);
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "…";
    }
}

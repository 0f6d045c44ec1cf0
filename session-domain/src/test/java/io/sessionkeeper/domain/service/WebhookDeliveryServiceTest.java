package io.sessionkeeper.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryAlerting;
import io.sessionkeeper.domain.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Delivery of the outbox: which outcomes are retried, when, and when it gives up. */
class WebhookDeliveryServiceTest {
    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private final InMemoryAlerting outbox = new InMemoryAlerting();
    private final Webhook webhook = new Webhook(
            WebhookId.random(), Fixtures.TENANT, URI.create("https://hooks.example.com/a"), null, true, Fixtures.T0);
    private final ScriptedSender sender = new ScriptedSender();
    private final WebhookDeliveryService service =
            new WebhookDeliveryService(outbox, sender, WebhookRetrySchedule.DEFAULT, clock);

    /** Answers from a script (then 204) and remembers what it was given. */
    private static final class ScriptedSender implements WebhookSender {
        final Deque<DeliveryOutcome> script = new ArrayDeque<>();
        final List<PendingDelivery> sent = new ArrayList<>();

        @Override
        public Optional<String> refusal(URI url) {
            return Optional.empty();
        }

        @Override
        public DeliveryOutcome send(PendingDelivery delivery) {
            sent.add(delivery);
            return script.isEmpty() ? new DeliveryOutcome.Delivered(204) : script.poll();
        }
    }

    WebhookDeliveryServiceTest() {
        outbox.create(webhook, "whsec_x");
        outbox.enqueue(
                webhook.id(), new WebhookEvent(UUID.randomUUID(), "webhook.test", Fixtures.TENANT, Fixtures.T0, "{}"));
    }

    private WebhookDelivery logged() {
        return outbox.deliveries(Fixtures.TENANT, webhook.id(), 0, 1).get(0);
    }

    @Test
    void serverErrorsAndTimeOutsAreRetriedAfterEachDelayOfTheScheduleWithTheSameEvent() {
        sender.script.add(new DeliveryOutcome.Retry(500, "the receiver answered 500"));
        sender.script.add(new DeliveryOutcome.Retry(0, "no answer within 5000 ms"));
        sender.script.add(new DeliveryOutcome.Retry(429, "the receiver answered 429"));

        assertThat(service.deliverDue(10)).isEqualTo(1);
        assertThat(logged().nextAttemptAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThat(service.deliverDue(10)).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(service.deliverDue(10)).isEqualTo(1);
        assertThat(logged().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertThat(service.deliverDue(10)).isEqualTo(1);
        assertThat(logged().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(25));
        assertThat(logged().lastStatus()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(25));
        assertThat(service.deliverDue(10)).isEqualTo(1);

        assertThat(logged().status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(logged().attempts()).isEqualTo(4);
        assertThat(sender.sent)
                .extracting(PendingDelivery::eventId)
                .containsOnly(sender.sent.get(0).eventId());
        assertThat(sender.sent).extracting(PendingDelivery::attempt).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aClientErrorStopsAtOnce() {
        sender.script.add(new DeliveryOutcome.GiveUp(404, "the receiver answered 404"));
        service.deliverDue(10);
        clock.advance(Duration.ofHours(1));
        assertThat(service.deliverDue(10)).isZero();
        assertThat(logged().status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(logged().lastStatus()).isEqualTo(404);
        assertThat(sender.sent).hasSize(1);
    }

    @Test
    void afterTheLastDelayItGivesUp() {
        for (int i = 0; i < 6; i++) {
            sender.script.add(new DeliveryOutcome.Retry(503, "the receiver answered 503"));
        }
        for (int i = 0; i < 10; i++) {
            service.deliverDue(10);
            clock.advance(Duration.ofMinutes(11));
        }
        assertThat(sender.sent).hasSize(6);
        assertThat(logged().status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(logged().lastError()).startsWith("gave up after 6 attempts");
    }
}

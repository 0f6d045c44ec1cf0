package io.sessionkeeper.adapter.http.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.TestDatabase;
import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.out.Webhooks;
import io.sessionkeeper.domain.service.WebhookDeliveryService;
import io.sessionkeeper.domain.service.WebhookRetrySchedule;
import io.sessionkeeper.domain.testing.InMemoryAlerting;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries against a real HTTP receiver on loopback (the JDK's HttpServer): the signature verifies with
 * the secret, 5xx are retried on the (scaled) schedule with the same event, 4xx and redirects stop, time-outs are
 * retried, and deliveries pending in PostgreSQL when an instance stops are delivered after the restart.
 */
class WebhookDeliveryTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final String SECRET = "whsec_receiver-test-secret";
    /** The schedule of the service, scaled 1:20 (1 s → 50 ms … 10 min → 30 s): the same shape, in test time. */
    private static final WebhookRetrySchedule SCALED = new WebhookRetrySchedule(
            WebhookRetrySchedule.DEFAULT.delays().stream()
                    .map(d -> d.dividedBy(20))
                    .toList(),
            Duration.ofSeconds(10));

    private final Receiver receiver = new Receiver();
    /** The service's sender (5 s time-out), loopback allowed as the operator setting would. */
    private final JdkWebhookSender sender =
            new JdkWebhookSender(new WebhookTargets(true, InetAddress::getAllByName), Clock.systemUTC());

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Webhook webhook(Webhooks webhooks) {
        Webhook webhook = new Webhook(WebhookId.random(), ACME, receiver.url(), null, true, Instant.now());
        webhooks.create(webhook, SECRET);
        return webhook;
    }

    private static WebhookEvent event() {
        UUID id = UUID.randomUUID();
        return new WebhookEvent(
                id, "webhook.test", ACME, Instant.now(), "{\"id\":\"" + id + "\",\"type\":\"webhook.test\",\"é\":1}");
    }

    private static WebhookDelivery only(Webhooks webhooks, Webhook webhook) {
        return webhooks.deliveries(ACME, webhook.id(), 0, 10).get(0);
    }

    /** Delivers until nothing is pending or the deadline passes. */
    private static void deliverUntilSettled(WebhookDeliveryService service, Webhooks webhooks, Webhook webhook)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && only(webhooks, webhook).status() == WebhookDelivery.Status.PENDING) {
            service.deliverDue(10);
            Thread.sleep(10);
        }
    }

    @Test
    void theReceiverVerifiesTheSignatureOverTimeAndBodyWithTheSecret() throws Exception {
        InMemoryAlerting outbox = new InMemoryAlerting();
        Webhook webhook = webhook(outbox);
        WebhookEvent event = event();
        outbox.enqueue(webhook.id(), event);

        new WebhookDeliveryService(outbox, sender, SCALED, Clock.systemUTC()).deliverDue(10);

        Receiver.Request request = receiver.received.get(0);
        String signature = request.header("X-SessionKeeper-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(60);
        // what a receiver does: HMAC-SHA256 of "t.body" keyed with the secret, compared in constant time
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(request.body()));
        assertThat(signature).endsWith(",v1=" + expected);
        assertThat(WebhookSignature.verify(SECRET, signature, request.body())).isTrue();
        assertThat(WebhookSignature.verify("whsec_another", signature, request.body()))
                .isFalse();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(event.body());
        assertThat(request.header("X-SessionKeeper-Event-Id"))
                .isEqualTo(event.id().toString());
        assertThat(request.header("X-SessionKeeper-Event")).isEqualTo("webhook.test");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(only(outbox, webhook).status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
    }

    @Test
    void serverErrorsAreRetriedOnTheScheduleWithTheSameEventUntilDelivered() throws Exception {
        InMemoryAlerting outbox = new InMemoryAlerting();
        Webhook webhook = webhook(outbox);
        WebhookEvent event = event();
        outbox.enqueue(webhook.id(), event);
        receiver.script.addAll(List.of(500, 503, 429));

        deliverUntilSettled(new WebhookDeliveryService(outbox, sender, SCALED, Clock.systemUTC()), outbox, webhook);

        assertThat(receiver.received).hasSize(4);
        assertThat(receiver.received)
                .extracting(r -> r.header("X-SessionKeeper-Event-Id"))
                .containsOnly(event.id().toString());
        for (int i = 1; i < 4; i++) {
            Duration gap = Duration.between(
                    receiver.received.get(i - 1).at(), receiver.received.get(i).at());
            assertThat(gap)
                    .as("wait before attempt " + (i + 1))
                    .isGreaterThanOrEqualTo(SCALED.delays().get(i - 1));
        }
        WebhookDelivery delivered = only(outbox, webhook);
        assertThat(delivered.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(4);
    }

    @Test
    void aClientErrorStopsTheRetriesAndARedirectIsNotFollowed() throws Exception {
        InMemoryAlerting outbox = new InMemoryAlerting();
        Webhook webhook = webhook(outbox);
        outbox.enqueue(webhook.id(), event());
        receiver.script.add(404);
        WebhookDeliveryService service = new WebhookDeliveryService(outbox, sender, SCALED, Clock.systemUTC());
        deliverUntilSettled(service, outbox, webhook);
        Thread.sleep(SCALED.delays().get(0).toMillis() * 2);
        service.deliverDue(10);

        assertThat(receiver.received).hasSize(1);
        assertThat(only(outbox, webhook).status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(only(outbox, webhook).lastStatus()).isEqualTo(404);

        receiver.script.add(302);
        DeliveryOutcome redirect = sender.send(
                new PendingDelivery(1, ACME, webhook.id(), receiver.url(), SECRET, UUID.randomUUID(), "{}", 1));
        assertThat(redirect).isInstanceOf(DeliveryOutcome.GiveUp.class);
        assertThat(receiver.received).hasSize(2);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() {
        receiver.delayMillis = 1_500;
        JdkWebhookSender impatient = new JdkWebhookSender(
                new WebhookTargets(true, InetAddress::getAllByName), Clock.systemUTC(), Duration.ofMillis(500));
        DeliveryOutcome outcome = impatient.send(
                new PendingDelivery(1, ACME, WebhookId.random(), receiver.url(), SECRET, UUID.randomUUID(), "{}", 1));
        assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
        assertThat(((DeliveryOutcome.Retry) outcome).reason()).contains("no answer within 500 ms");
    }

    @Test
    void deliveriesPendingWhenAnInstanceStopsAreDeliveredAfterTheRestart() throws Exception {
        TestDatabase database = TestDatabase.get();
        database.truncate();
        WebhookEvent event = event();
        Webhook webhook;
        receiver.defaultStatus = 500;
        try (PostgresPersistence first = PostgresPersistence.open(database.asExternal(), database.keys(), false)) {
            Webhooks webhooks = first.alertsBackground().webhooks();
            webhook = webhook(webhooks);
            webhooks.enqueue(webhook.id(), event);
            new WebhookDeliveryService(webhooks, sender, WebhookRetrySchedule.DEFAULT, Clock.systemUTC())
                    .deliverDue(10);
            assertThat(only(webhooks, webhook).status()).isEqualTo(WebhookDelivery.Status.PENDING);
        }
        assertThat(receiver.received).hasSize(1);

        receiver.defaultStatus = 200;
        try (PostgresPersistence second = PostgresPersistence.open(database.asExternal(), database.keys(), false)) {
            Webhooks webhooks = second.alertsBackground().webhooks();
            // the schedule's first wait (1 s) passes; a new instance's worker finds the delivery in the outbox
            Thread.sleep(1_100);
            new WebhookDeliveryService(webhooks, sender, WebhookRetrySchedule.DEFAULT, Clock.systemUTC())
                    .deliverDue(10);
            WebhookDelivery delivered = only(webhooks, webhook);
            assertThat(delivered.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
            assertThat(delivered.attempts()).isEqualTo(2);
        }
        assertThat(receiver.received).hasSize(2);
        assertThat(receiver.received)
                .extracting(r -> r.header("X-SessionKeeper-Event-Id"))
                .containsOnly(event.id().toString());
        assertThat(WebhookSignature.verify(
                        SECRET,
                        receiver.received.get(1).header("X-SessionKeeper-Signature"),
                        receiver.received.get(1).body()))
                .isTrue();
    }
}

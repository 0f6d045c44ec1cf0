package io.sessionkeeper.adapter.http.webhook;

import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.port.out.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivers webhook events with the JDK's HTTP client: a JSON POST with the event's id and type in headers and the
 * signature ({@link WebhookSignature}), at most {@link #TIMEOUT} to connect and again to answer, redirects not
 * followed (a redirect could lead where the target check did not look), the answer's body discarded. The target is
 * checked ({@link WebhookTargets}) before each attempt.
 */
public final class JdkWebhookSender implements WebhookSender {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final String EVENT_ID = "X-SessionKeeper-Event-Id";
    public static final String EVENT_TYPE = "X-SessionKeeper-Event";

    private final WebhookTargets targets;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient client;

    public JdkWebhookSender(WebhookTargets targets, Clock clock) {
        this(targets, clock, TIMEOUT);
    }

    /** With another time-out (tests of the time-out). */
    public JdkWebhookSender(WebhookTargets targets, Clock clock, Duration timeout) {
        this.targets = targets;
        this.clock = clock;
        this.timeout = timeout;
        // HTTP/1.1: an h2c upgrade on a POST is what small receivers get wrong most often
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Optional<String> refusal(URI url) {
        return targets.refusal(url);
    }

    @Override
    public DeliveryOutcome send(PendingDelivery delivery) {
        Optional<String> refused = targets.refusal(delivery.url());
        if (refused.isPresent()) {
            return new DeliveryOutcome.GiveUp(0, "target refused: " + refused.get());
        }
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        String eventType = eventType(delivery.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(delivery.url())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "SessionKeeper-Webhooks/1")
                .header(EVENT_ID, delivery.eventId().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.header(delivery.secret(), now, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (eventType != null) {
            request.header(EVENT_TYPE, eventType);
        }
        try {
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status >= 200 && status < 300) {
                return new DeliveryOutcome.Delivered(status);
            }
            if (status == 429 || status >= 500) {
                return new DeliveryOutcome.Retry(status, "the receiver answered " + status);
            }
            if (status >= 300 && status < 400) {
                return new DeliveryOutcome.GiveUp(
                        status, "the receiver answered " + status + "; redirects are not followed");
            }
            return new DeliveryOutcome.GiveUp(status, "the receiver answered " + status);
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Retry(0, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new DeliveryOutcome.Retry(
                    0, "connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Retry(0, "interrupted");
        } catch (IllegalArgumentException e) {
            return new DeliveryOutcome.GiveUp(0, "the URL cannot be sent to");
        }
    }

    /** The event's type, read from the body the service wrote ({"id":"…","type":"…",…}), for a header. */
    static String eventType(String body) {
        int key = body.indexOf("\"type\":\"");
        if (key < 0) {
            return null;
        }
        int start = key + 8;
        int end = body.indexOf('"', start);
        if (end < 0 || end - start > 64) {
            return null;
        }
        String type = body.substring(start, end);
        return type.chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '.' || c == '_') ? type : null;
    }
}

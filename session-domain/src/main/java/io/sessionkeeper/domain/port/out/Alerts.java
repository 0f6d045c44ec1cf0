package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The alerts, and the outbox of their webhook events. Each change of an alert and the events it sends are one
 * transaction: an event is queued for every enabled webhook of the tenant exactly when its change is recorded
 * (durably, so that a restart delivers what was queued before it).
 */
public interface Alerts {

    /**
     * Records {@code alert} unless its rule already has an open alert for the same subject (in this or another
     * process on the same store), and then queues {@code event}.
     *
     * @return whether it was recorded (false: an open alert of that rule and subject exists)
     */
    boolean fire(Alert alert, WebhookEvent event);

    /** The open alerts of a rule. */
    List<Alert> findOpen(TenantId tenant, AlertRuleId rule);

    /**
     * Resolves the alert at {@code at} if it is still open, and then queues {@code event}.
     *
     * @return whether it was open
     */
    boolean resolve(TenantId tenant, AlertId id, Instant at, WebhookEvent event);

    /**
     * Marks the open alert notified again at {@code at} if it was last notified at {@code previous} (no other
     * instance reminded meanwhile), and then queues {@code event}.
     *
     * @return whether it was marked
     */
    boolean remind(TenantId tenant, AlertId id, Instant previous, Instant at, WebhookEvent event);

    /** Queues an event that changes no alert (the result of an auto-disconnect). */
    void publish(WebhookEvent event);

    /** Resolves every open alert of a rule at {@code at}, without events (the rule was deleted). */
    int resolveAllOf(TenantId tenant, AlertRuleId rule, Instant at);

    Optional<Alert> find(TenantId tenant, AlertId id);

    /** Matching alerts, newest fired first, ties by id; {@code offset}/{@code limit} select the page. */
    List<Alert> find(AlertFilter filter, long offset, int limit);

    long count(AlertFilter filter);

    /** Marks the alert acknowledged (again: the latest acknowledgement counts). */
    Optional<Alert> acknowledge(TenantId tenant, AlertId id, Alert.Acknowledgement acknowledgement);

    /**
     * Decides, atomically for the tenant across every process on the store, whether an auto-disconnect of {@code
     * username} for the alert may go ahead now: not if the tenant's alerts asked {@code perMinute} disconnects in
     * the minute before {@code now}, nor if one of them asked to disconnect the user within {@code cooldown}. When
     * it may, the alert is marked {@link Alert.AutoDisconnect.Status#REQUESTED} at {@code now} before this
     * returns, so that it counts for the next decision.
     */
    DisconnectClaim claimDisconnect(
            TenantId tenant, AlertId id, String username, Instant now, int perMinute, Duration cooldown);

    enum DisconnectClaim {
        GRANTED,
        RATE_LIMITED,
        COOLING_DOWN
    }
}

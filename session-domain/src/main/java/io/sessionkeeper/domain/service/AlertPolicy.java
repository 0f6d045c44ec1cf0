package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;

/**
 * The operator's limits on alerting: at most {@code disconnectsPerMinute} auto-disconnects per tenant per minute
 * (0: none at all), none of a user again within {@code disconnectCooldown}; a session without accounting for
 * {@code staleAfter} is not counted as a concurrent one; at most {@code maxRulesPerTenant} rules and {@code
 * maxWebhooksPerTenant} webhooks per tenant; the prompt path re-reads the rules every {@code rulesRefresh}.
 */
public record AlertPolicy(
        int disconnectsPerMinute,
        Duration disconnectCooldown,
        Duration staleAfter,
        int maxRulesPerTenant,
        int maxWebhooksPerTenant,
        Duration rulesRefresh) {
    public static final AlertPolicy DEFAULT =
            new AlertPolicy(10, Duration.ofHours(1), Duration.ofHours(24), 100, 10, Duration.ofSeconds(10));

    public AlertPolicy {
        InvalidValueException.require(disconnectsPerMinute >= 0, "disconnectsPerMinute", "must not be negative");
        InvalidValueException.require(
                disconnectCooldown != null && !disconnectCooldown.isNegative(),
                "disconnectCooldown",
                "must not be negative");
        InvalidValueException.require(
                staleAfter != null && (!staleAfter.isNegative() && !staleAfter.isZero()),
                "staleAfter",
                "must be positive");
        InvalidValueException.require(maxRulesPerTenant > 0, "maxRulesPerTenant", "must be positive");
        InvalidValueException.require(maxWebhooksPerTenant > 0, "maxWebhooksPerTenant", "must be positive");
        InvalidValueException.require(
                rulesRefresh != null && (!rulesRefresh.isNegative() && !rulesRefresh.isZero()),
                "rulesRefresh",
                "must be positive");
    }

    public AlertPolicy withDisconnects(int perMinute, Duration cooldown) {
        return new AlertPolicy(perMinute, cooldown, staleAfter, maxRulesPerTenant, maxWebhooksPerTenant, rulesRefresh);
    }

    public AlertPolicy withStaleAfter(Duration value) {
        return new AlertPolicy(
                disconnectsPerMinute, disconnectCooldown, value, maxRulesPerTenant, maxWebhooksPerTenant, rulesRefresh);
    }

    public AlertPolicy withRulesRefresh(Duration value) {
        return new AlertPolicy(
                disconnectsPerMinute, disconnectCooldown, staleAfter, maxRulesPerTenant, maxWebhooksPerTenant, value);
    }
}

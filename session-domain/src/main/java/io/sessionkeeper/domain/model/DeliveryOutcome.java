package io.sessionkeeper.domain.model;

/**
 * What one attempt to deliver a webhook event gave. Expected outcomes of a network, not exceptions: a receiver
 * that answers 2xx ({@link Delivered}); one worth trying again later ({@link Retry}: 5xx, 429, a time-out, a
 * connection failure); one not worth it ({@link GiveUp}: another 4xx, a redirect, a target the service must not
 * reach).
 */
public sealed interface DeliveryOutcome {
    /** The HTTP status, 0 when there was none. */
    int status();

    record Delivered(int status) implements DeliveryOutcome {}

    record Retry(int status, String reason) implements DeliveryOutcome {}

    record GiveUp(int status, String reason) implements DeliveryOutcome {}
}

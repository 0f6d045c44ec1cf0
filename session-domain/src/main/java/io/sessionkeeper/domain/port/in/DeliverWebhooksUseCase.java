package io.sessionkeeper.domain.port.in;

/** Sends the webhook events that are due. */
public interface DeliverWebhooksUseCase {
    /** Claims at most {@code limit} due deliveries and makes one attempt each; returns how many it attempted. */
    int deliverDue(int limit);
}

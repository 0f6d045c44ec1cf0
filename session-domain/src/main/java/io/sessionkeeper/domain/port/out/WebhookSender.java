package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.PendingDelivery;
import java.net.URI;
import java.util.Optional;

/** Sends webhook events over HTTP, signed, to targets the service may reach. */
public interface WebhookSender {
    /**
     * Why the service must not send to {@code url} (its host is, or resolves to, a loopback, link-local, private or
     * cloud-metadata address, unless the operator allows such targets), or empty when it may.
     */
    Optional<String> refusal(URI url);

    /** One attempt: POSTs the body, signed with the secret, and says how it went. Never throws for the network. */
    DeliveryOutcome send(PendingDelivery delivery);
}

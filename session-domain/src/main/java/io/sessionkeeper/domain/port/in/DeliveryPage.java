package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.WebhookDelivery;
import java.util.List;

public record DeliveryPage(List<WebhookDelivery> deliveries, long total, int page, int pageSize) {
    public DeliveryPage {
        deliveries = List.copyOf(deliveries);
    }
}

package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Alert;
import java.util.List;

public record AlertPage(List<Alert> alerts, long total, int page, int pageSize) {
    public AlertPage {
        alerts = List.copyOf(alerts);
    }
}

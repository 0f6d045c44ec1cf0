package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.TokenAuditEvent;
import java.util.List;

public record TokenAuditPage(List<TokenAuditEvent> events, long total, int page, int pageSize) {
    public TokenAuditPage {
        events = List.copyOf(events);
    }
}

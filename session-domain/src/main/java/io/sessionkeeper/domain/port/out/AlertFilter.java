package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;

/**
 * Which alerts of a tenant: open, resolved or both; of one rule, type or severity; acknowledged or not (null: any).
 */
public record AlertFilter(
        TenantId tenant,
        Status status,
        AlertRuleId ruleId,
        AlertRuleType type,
        AlertSeverity severity,
        Boolean acknowledged) {
    public enum Status {
        OPEN,
        RESOLVED,
        ALL
    }

    public AlertFilter {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        if (status == null) {
            status = Status.ALL;
        }
    }
}

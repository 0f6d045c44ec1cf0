package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import java.util.Set;

/**
 * A rule as given by its author (POST and PUT): the values are checked when the rule is made ({@link
 * io.sessionkeeper.domain.model.AlertRule}). Nullable: period, scope, severity, action (defaults: SESSION, ALL,
 * WARNING, NOTIFY) and quality (null but for QUALITY_DEGRADED, whose defaults it then takes); {@code renotifyHours} 0
 * never reminds.
 */
public record SaveAlertRuleCommand(
        TenantId tenant,
        String name,
        AlertRuleType type,
        long threshold,
        UsagePeriod period,
        AlertScope scope,
        AlertSeverity severity,
        AlertAction action,
        boolean enabled,
        boolean dryRun,
        int renotifyHours,
        Set<String> exemptUsers,
        AlertRule.QualityCondition quality) {
    public SaveAlertRuleCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(type != null, "type", "is required");
        exemptUsers = exemptUsers == null ? Set.of() : exemptUsers;
    }
}

package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;

/** A tenant's alert rules, and what a rule would have done over the last days. */
public interface ManageAlertRulesUseCase {
    /** @throws io.sessionkeeper.domain.model.ConflictException when the tenant has the most rules it may have */
    AlertRule create(SaveAlertRuleCommand command);

    List<AlertRule> list(TenantId tenant);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such rule */
    AlertRule get(TenantId tenant, AlertRuleId id);

    /** Replaces the rule's settings; its open alerts stay until the next evaluation resolves what no longer holds. */
    AlertRule update(AlertRuleId id, SaveAlertRuleCommand command);

    /** Deletes the rule and resolves its open alerts. */
    void delete(TenantId tenant, AlertRuleId id);

    /** How often the rule would have fired over the last {@link AlertPreview#DAYS} days; the rule is not saved. */
    AlertPreview preview(SaveAlertRuleCommand command);
}

package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;
import java.util.Optional;

/** The tenants' alert rules. */
public interface AlertRules {
    /** Inserts the rule, or replaces the tenant's rule of that id. */
    void save(AlertRule rule);

    Optional<AlertRule> find(TenantId tenant, AlertRuleId id);

    /** The tenant's rules, oldest first. */
    List<AlertRule> findByTenant(TenantId tenant);

    /** @return whether the tenant had such a rule */
    boolean delete(TenantId tenant, AlertRuleId id);

    /** The enabled rules of every tenant (what the evaluation watches). */
    List<AlertRule> findEnabled();
}

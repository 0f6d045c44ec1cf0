package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.AlertRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alert rules in memory, oldest first. */
public final class InMemoryAlertRules implements AlertRules {
    private final Map<AlertRuleId, AlertRule> rules = new LinkedHashMap<>();

    @Override
    public synchronized void save(AlertRule rule) {
        rules.put(rule.id(), rule);
    }

    @Override
    public synchronized Optional<AlertRule> find(TenantId tenant, AlertRuleId id) {
        return Optional.ofNullable(rules.get(id)).filter(r -> r.tenant().equals(tenant));
    }

    @Override
    public synchronized List<AlertRule> findByTenant(TenantId tenant) {
        return rules.values().stream().filter(r -> r.tenant().equals(tenant)).toList();
    }

    @Override
    public synchronized boolean delete(TenantId tenant, AlertRuleId id) {
        return find(tenant, id).map(r -> rules.remove(id)).isPresent();
    }

    @Override
    public synchronized List<AlertRule> findEnabled() {
        return rules.values().stream().filter(AlertRule::enabled).toList();
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.ALERT_RULES;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.AlertRulesRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.port.out.AlertRules;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** Alert rules in {@code alert_rules} (V16). */
public final class PostgresAlertRules implements AlertRules {
    private final DSLContext dsl;

    public PostgresAlertRules(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public void save(AlertRule rule) {
        AlertRulesRecord row = new AlertRulesRecord()
                .setTenantId(rule.tenant().value())
                .setId(rule.id().value())
                .setName(rule.name())
                .setType(rule.type().name())
                .setThreshold(rule.threshold())
                .setPeriod(rule.period().name())
                .setScopeKind(rule.scope().kind().name())
                .setScopeValue(rule.scope().value())
                .setSeverity(rule.severity().name())
                .setAction(rule.action().name())
                .setEnabled(rule.enabled())
                .setDryRun(rule.dryRun())
                .setRenotifySeconds(rule.renotifyEvery().toSeconds())
                .setExemptUsers(rule.exemptUsers().stream().sorted().toArray(String[]::new))
                .setCreatedAt(Instants.toDb(rule.createdAt()))
                .setQualityLossPercent(
                        rule.quality() == null ? null : rule.quality().lossPercent())
                .setQualityBuckets(
                        rule.quality() == null ? null : (short) rule.quality().buckets());
        dsl.insertInto(ALERT_RULES)
                .set(row)
                .onConflict(ALERT_RULES.TENANT_ID, ALERT_RULES.ID)
                .doUpdate()
                .set(row)
                .execute();
    }

    @Override
    public Optional<AlertRule> find(TenantId tenant, AlertRuleId id) {
        return dsl.selectFrom(ALERT_RULES)
                .where(ALERT_RULES.TENANT_ID.eq(tenant.value()), ALERT_RULES.ID.eq(id.value()))
                .fetchOptional(PostgresAlertRules::toRule);
    }

    @Override
    public List<AlertRule> findByTenant(TenantId tenant) {
        return dsl.selectFrom(ALERT_RULES)
                .where(ALERT_RULES.TENANT_ID.eq(tenant.value()))
                .orderBy(ALERT_RULES.CREATED_AT, ALERT_RULES.ID)
                .fetch(PostgresAlertRules::toRule);
    }

    @Override
    public boolean delete(TenantId tenant, AlertRuleId id) {
        return dsl.deleteFrom(ALERT_RULES)
                        .where(ALERT_RULES.TENANT_ID.eq(tenant.value()), ALERT_RULES.ID.eq(id.value()))
                        .execute()
                > 0;
    }

    @Override
    public List<AlertRule> findEnabled() {
        return dsl.selectFrom(ALERT_RULES)
                .where(ALERT_RULES.ENABLED.isTrue())
                .orderBy(ALERT_RULES.TENANT_ID, ALERT_RULES.CREATED_AT, ALERT_RULES.ID)
                .fetch(PostgresAlertRules::toRule);
    }

    private static AlertRule toRule(AlertRulesRecord row) {
        return new AlertRule(
                new AlertRuleId(row.getId()),
                TenantId.of(row.getTenantId()),
                row.getName(),
                AlertRuleType.valueOf(row.getType()),
                row.getThreshold(),
                UsagePeriod.valueOf(row.getPeriod()),
                new AlertScope(AlertScope.Kind.valueOf(row.getScopeKind()), row.getScopeValue()),
                AlertSeverity.valueOf(row.getSeverity()),
                AlertAction.valueOf(row.getAction()),
                row.getEnabled(),
                row.getDryRun(),
                Duration.ofSeconds(row.getRenotifySeconds()),
                Set.of(row.getExemptUsers()),
                row.getCreatedAt(),
                row.getQualityBuckets() == null
                        ? null
                        : new AlertRule.QualityCondition(row.getQualityLossPercent(), row.getQualityBuckets()));
    }
}

package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.ALERTS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.AlertsRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.AlertSubject;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFilter;
import io.sessionkeeper.domain.port.out.Alerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Alerts in {@code alerts} (V16), each change in one transaction with the webhook events it queues ({@link Outbox}).
 * At most one open alert per rule and subject: the partial unique index {@code alerts_open_uk} makes a second
 * firing, from any instance, insert nothing. Also the {@link AlertActionLog}: an auto-disconnect's result is written
 * on its alert.
 */
public final class PostgresAlerts implements Alerts, AlertActionLog {
    /** Statuses of a disconnect that asked the NAS: what the rate and the cool-down count. */
    private static final List<String> ASKED = Arrays.stream(Alert.AutoDisconnect.Status.values())
            .filter(Alert.AutoDisconnect.Status::asked)
            .map(Enum::name)
            .toList();

    private final DSLContext dsl;

    public PostgresAlerts(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public boolean fire(Alert alert, WebhookEvent event) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            int inserted = tx.insertInto(ALERTS)
                    .set(toRecord(alert))
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 0) {
                return false;
            }
            Outbox.enqueue(tx, event);
            return true;
        });
    }

    @Override
    public List<Alert> findOpen(TenantId tenant, AlertRuleId rule) {
        return dsl.selectFrom(ALERTS)
                .where(
                        ALERTS.TENANT_ID.eq(tenant.value()),
                        ALERTS.RULE_ID.eq(rule.value()),
                        ALERTS.RESOLVED_AT.isNull())
                .fetch(PostgresAlerts::toAlert);
    }

    @Override
    public boolean resolve(TenantId tenant, AlertId id, Instant at, WebhookEvent event) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(ALERTS)
                    .set(ALERTS.RESOLVED_AT, Instants.toDb(at))
                    .where(ALERTS.TENANT_ID.eq(tenant.value()), ALERTS.ID.eq(id.value()), ALERTS.RESOLVED_AT.isNull())
                    .execute();
            if (updated == 0) {
                return false;
            }
            Outbox.enqueue(tx, event);
            return true;
        });
    }

    @Override
    public boolean remind(TenantId tenant, AlertId id, Instant previous, Instant at, WebhookEvent event) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(ALERTS)
                    .set(ALERTS.LAST_NOTIFIED_AT, Instants.toDb(at))
                    .where(
                            ALERTS.TENANT_ID.eq(tenant.value()),
                            ALERTS.ID.eq(id.value()),
                            ALERTS.RESOLVED_AT.isNull(),
                            ALERTS.LAST_NOTIFIED_AT.eq(Instants.toDb(previous)))
                    .execute();
            if (updated == 0) {
                return false;
            }
            Outbox.enqueue(tx, event);
            return true;
        });
    }

    @Override
    public void publish(WebhookEvent event) {
        Outbox.enqueue(dsl, event);
    }

    @Override
    public int resolveAllOf(TenantId tenant, AlertRuleId rule, Instant at) {
        return dsl.update(ALERTS)
                .set(ALERTS.RESOLVED_AT, Instants.toDb(at))
                .where(
                        ALERTS.TENANT_ID.eq(tenant.value()),
                        ALERTS.RULE_ID.eq(rule.value()),
                        ALERTS.RESOLVED_AT.isNull())
                .execute();
    }

    @Override
    public Optional<Alert> find(TenantId tenant, AlertId id) {
        return dsl.selectFrom(ALERTS)
                .where(ALERTS.TENANT_ID.eq(tenant.value()), ALERTS.ID.eq(id.value()))
                .fetchOptional(PostgresAlerts::toAlert);
    }

    @Override
    public List<Alert> find(AlertFilter filter, long offset, int limit) {
        return dsl.selectFrom(ALERTS)
                .where(conditions(filter))
                .orderBy(ALERTS.FIRED_AT.desc(), ALERTS.ID.desc())
                .offset(offset)
                .limit(limit)
                .fetch(PostgresAlerts::toAlert);
    }

    @Override
    public long count(AlertFilter filter) {
        return dsl.selectCount()
                .from(ALERTS)
                .where(conditions(filter))
                .fetchSingle()
                .value1();
    }

    private static List<Condition> conditions(AlertFilter filter) {
        List<Condition> where = new ArrayList<>();
        where.add(ALERTS.TENANT_ID.eq(filter.tenant().value()));
        switch (filter.status()) {
            case OPEN -> where.add(ALERTS.RESOLVED_AT.isNull());
            case RESOLVED -> where.add(ALERTS.RESOLVED_AT.isNotNull());
            case ALL -> {}
        }
        if (filter.ruleId() != null) {
            where.add(ALERTS.RULE_ID.eq(filter.ruleId().value()));
        }
        if (filter.type() != null) {
            where.add(ALERTS.RULE_TYPE.eq(filter.type().name()));
        }
        if (filter.severity() != null) {
            where.add(ALERTS.SEVERITY.eq(filter.severity().name()));
        }
        if (filter.acknowledged() != null) {
            where.add(filter.acknowledged() ? ALERTS.ACKNOWLEDGED_AT.isNotNull() : ALERTS.ACKNOWLEDGED_AT.isNull());
        }
        return where;
    }

    @Override
    public Optional<Alert> acknowledge(TenantId tenant, AlertId id, Alert.Acknowledgement acknowledgement) {
        return dsl.update(ALERTS)
                .set(ALERTS.ACKNOWLEDGED_AT, Instants.toDb(acknowledgement.at()))
                .set(
                        ALERTS.ACKNOWLEDGED_BY,
                        acknowledgement.by() == null
                                ? null
                                : acknowledgement.by().value())
                .where(ALERTS.TENANT_ID.eq(tenant.value()), ALERTS.ID.eq(id.value()))
                .returning()
                .fetchOptional()
                .map(PostgresAlerts::toAlert);
    }

    /**
     * Under a transaction-scoped advisory lock per tenant, so that two instances (or the sweep and the prompt path)
     * deciding at once see each other's claims.
     */
    @Override
    public DisconnectClaim claimDisconnect(
            TenantId tenant, AlertId id, String username, Instant now, int perMinute, Duration cooldown) {
        long lock = UUID.nameUUIDFromBytes(
                        ("sessionkeeper:alert-disconnect:" + tenant.value()).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(lock)))
                    .fetch();
            Instant at = Instants.toDb(now);
            if (!cooldown.isZero()) {
                int recentOfUser = tx.selectCount()
                        .from(ALERTS)
                        .where(
                                ALERTS.TENANT_ID.eq(tenant.value()),
                                ALERTS.USERNAME.eq(username),
                                ALERTS.DISCONNECT_AT.gt(at.minus(cooldown)),
                                ALERTS.DISCONNECT_STATUS.in(ASKED))
                        .fetchSingle()
                        .value1();
                if (recentOfUser > 0) {
                    return DisconnectClaim.COOLING_DOWN;
                }
            }
            int lastMinute = tx.selectCount()
                    .from(ALERTS)
                    .where(
                            ALERTS.TENANT_ID.eq(tenant.value()),
                            ALERTS.DISCONNECT_AT.gt(at.minus(Duration.ofMinutes(1))),
                            ALERTS.DISCONNECT_STATUS.in(ASKED))
                    .fetchSingle()
                    .value1();
            if (lastMinute >= perMinute) {
                return DisconnectClaim.RATE_LIMITED;
            }
            tx.update(ALERTS)
                    .set(ALERTS.DISCONNECT_STATUS, Alert.AutoDisconnect.Status.REQUESTED.name())
                    .set(ALERTS.DISCONNECT_DETAIL, (String) null)
                    .set(ALERTS.DISCONNECT_AT, at)
                    .where(ALERTS.TENANT_ID.eq(tenant.value()), ALERTS.ID.eq(id.value()))
                    .execute();
            return DisconnectClaim.GRANTED;
        });
    }

    @Override
    public void record(TenantId tenant, AlertId alert, SessionId session, Alert.AutoDisconnect outcome) {
        dsl.update(ALERTS)
                .set(ALERTS.DISCONNECT_STATUS, outcome.status().name())
                .set(ALERTS.DISCONNECT_DETAIL, outcome.detail())
                .set(ALERTS.DISCONNECT_AT, Instants.toDb(outcome.at()))
                .where(ALERTS.TENANT_ID.eq(tenant.value()), ALERTS.ID.eq(alert.value()))
                .execute();
    }

    private static AlertsRecord toRecord(Alert alert) {
        AlertSubject subject = alert.subject();
        return new AlertsRecord()
                .setTenantId(alert.tenant().value())
                .setId(alert.id().value())
                .setRuleId(alert.ruleId().value())
                .setRuleName(alert.ruleName())
                .setRuleType(alert.ruleType().name())
                .setSeverity(alert.severity().name())
                .setSubjectKind(subject.kind().name())
                .setSubjectKey(subject.key())
                .setSessionId(
                        subject.sessionId() == null ? null : subject.sessionId().value())
                .setUsername(subject.username())
                .setNasId(subject.nasId() == null ? null : subject.nasId().value())
                .setDay(subject.day())
                .setObserved(alert.value())
                .setThreshold(alert.threshold())
                .setFiredAt(Instants.toDb(alert.firedAt()))
                .setLastNotifiedAt(Instants.toDb(alert.lastNotifiedAt()))
                .setResolvedAt(Instants.toDb(alert.resolvedAt()));
    }

    private static Alert toAlert(AlertsRecord row) {
        AlertSubject subject = new AlertSubject(
                AlertRuleType.SubjectKind.valueOf(row.getSubjectKind()),
                row.getSubjectKey(),
                row.getSessionId() == null ? null : new SessionId(row.getSessionId()),
                row.getUsername(),
                row.getNasId() == null ? null : new NasId(row.getNasId()),
                row.getDay());
        return new Alert(
                new AlertId(row.getId()),
                TenantId.of(row.getTenantId()),
                new AlertRuleId(row.getRuleId()),
                row.getRuleName(),
                AlertRuleType.valueOf(row.getRuleType()),
                AlertSeverity.valueOf(row.getSeverity()),
                subject,
                row.getObserved(),
                row.getThreshold(),
                row.getFiredAt(),
                row.getLastNotifiedAt(),
                row.getResolvedAt(),
                row.getAcknowledgedAt() == null
                        ? null
                        : new Alert.Acknowledgement(
                                row.getAcknowledgedAt(),
                                row.getAcknowledgedBy() == null ? null : new TokenId(row.getAcknowledgedBy())),
                row.getDisconnectStatus() == null
                        ? null
                        : new Alert.AutoDisconnect(
                                Alert.AutoDisconnect.Status.valueOf(row.getDisconnectStatus()),
                                row.getDisconnectDetail(),
                                row.getDisconnectAt()));
    }
}

package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.ByteFormat;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.port.in.AlertPage;
import io.sessionkeeper.domain.port.in.AlertPreview;
import io.sessionkeeper.domain.port.in.CreateWebhookCommand;
import io.sessionkeeper.domain.port.in.CreatedWebhook;
import io.sessionkeeper.domain.port.in.DeliveryPage;
import io.sessionkeeper.domain.port.in.SaveAlertRuleCommand;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Alert rules, alerts and webhooks. A webhook's secret appears once, in the answer to its POST. */
final class AlertJson {
    /** Reminders of a rule that does not say: once a day while it holds. */
    static final int DEFAULT_RENOTIFY_HOURS = 24;

    private AlertJson() {}

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    record Scope(String kind, String value) {
        static Scope from(AlertScope scope) {
            return new Scope(lower(scope.kind()), scope.value());
        }
    }

    /**
     * POST and PUT body. Required: type, threshold (seconds, bytes or sessions by type). Defaults: name from type and
     * threshold, period SESSION, scope all, severity warning, action NOTIFY (aliases: NOTIFY_ADMIN; type
     * HIGH_BANDWIDTH is HIGH_USAGE), enabled true, dryRun false, renotifyHours 24 (0: never), exemptUsers none.
     */
    record RuleRequest(
            String name,
            String type,
            Long threshold,
            String period,
            Scope scope,
            String severity,
            String action,
            Boolean enabled,
            Boolean dryRun,
            Integer renotifyHours,
            List<String> exemptUsers,
            Double lossPercent,
            Integer buckets) {
        SaveAlertRuleCommand toCommand(TenantId tenant) {
            AlertRuleType parsedType = AlertRuleType.parse(type);
            InvalidValueException.require(threshold != null, "threshold", "is required");
            UsagePeriod parsedPeriod = UsagePeriod.parse(period);
            if (exemptUsers != null) {
                InvalidValueException.require(
                        exemptUsers.size() <= AlertRule.MAX_EXEMPT_USERS,
                        "exemptUsers",
                        "must be at most " + AlertRule.MAX_EXEMPT_USERS);
                for (int i = 0; i < exemptUsers.size(); i++) {
                    Text.required("exemptUsers[" + i + "]", exemptUsers.get(i), AlertRule.MAX_USERNAME);
                }
            }
            return new SaveAlertRuleCommand(
                    tenant,
                    name != null ? name : defaultName(parsedType, parsedPeriod, threshold),
                    parsedType,
                    threshold,
                    parsedPeriod,
                    scope == null ? AlertScope.ALL : AlertScope.parse(scope.kind(), scope.value()),
                    AlertSeverity.parse(severity),
                    AlertAction.parse(action),
                    enabled == null || enabled,
                    Boolean.TRUE.equals(dryRun),
                    renotifyHours == null ? DEFAULT_RENOTIFY_HOURS : renotifyHours,
                    exemptUsers == null ? null : new LinkedHashSet<>(exemptUsers),
                    quality(parsedType));
        }

        /** QUALITY_DEGRADED's loss threshold and run; for any other type both must be absent. */
        private AlertRule.QualityCondition quality(AlertRuleType parsedType) {
            if (parsedType != AlertRuleType.QUALITY_DEGRADED) {
                InvalidValueException.require(
                        lossPercent == null && buckets == null, "lossPercent", "applies to QUALITY_DEGRADED only");
                return null;
            }
            return new AlertRule.QualityCondition(
                    lossPercent, buckets == null ? AlertRule.QualityCondition.DEFAULT_BUCKETS : buckets);
        }

        private static String defaultName(AlertRuleType type, UsagePeriod period, long threshold) {
            return switch (type) {
                case LONG_SESSION -> "Session longer than " + threshold + " s";
                case HIGH_USAGE ->
                    (period == UsagePeriod.DAY ? "Daily usage above " : "Session usage above ")
                            + ByteFormat.human(threshold);
                case MULTI_SESSION -> "More than " + threshold + " sessions of one user";
                case STALE_SESSION -> "No accounting of a session for " + threshold + " s";
                case NAS_SILENT -> "No accounting from a NAS for " + threshold + " s";
                case QUALITY_DEGRADED -> "Session p95 round trip above " + threshold + " ms";
            };
        }
    }

    record RuleView(
            String id,
            String name,
            String type,
            long threshold,
            String period,
            Scope scope,
            String severity,
            String action,
            boolean enabled,
            boolean dryRun,
            long renotifyHours,
            List<String> exemptUsers,
            String createdAt,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Double lossPercent,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer buckets) {
        static RuleView from(AlertRule rule) {
            return new RuleView(
                    rule.id().toString(),
                    rule.name(),
                    rule.type().name(),
                    rule.threshold(),
                    rule.period().name(),
                    Scope.from(rule.scope()),
                    lower(rule.severity()),
                    rule.action().name(),
                    rule.enabled(),
                    rule.dryRun(),
                    rule.renotifyEvery().toHours(),
                    rule.exemptUsers().stream().sorted().toList(),
                    text(rule.createdAt()),
                    rule.quality() == null ? null : rule.quality().lossPercent(),
                    rule.quality() == null ? null : rule.quality().buckets());
        }
    }

    record RuleList(List<RuleView> rules) {}

    record Preview(
            boolean supported,
            String reason,
            String from,
            String to,
            long fired,
            long sessionsExamined,
            boolean truncated,
            List<String> sampleSubjects) {
        static Preview from(AlertPreview preview) {
            return new Preview(
                    preview.supported(),
                    preview.reason(),
                    text(preview.from()),
                    text(preview.to()),
                    preview.fired(),
                    preview.sessionsExamined(),
                    preview.truncated(),
                    preview.sampleSubjects());
        }
    }

    record Subject(String kind, String key, String sessionId, String username, String nasId, String day) {}

    record Acknowledgement(String at, String by) {}

    record Disconnect(String result, String detail, String at) {}

    record AlertView(
            String id,
            String ruleId,
            String ruleName,
            String type,
            String severity,
            String status,
            Subject subject,
            long value,
            long threshold,
            String firedAt,
            String lastNotifiedAt,
            String resolvedAt,
            Acknowledgement acknowledged,
            Disconnect disconnect) {
        static AlertView from(Alert alert) {
            var s = alert.subject();
            return new AlertView(
                    alert.id().toString(),
                    alert.ruleId().toString(),
                    alert.ruleName(),
                    alert.ruleType().name(),
                    lower(alert.severity()),
                    alert.isOpen() ? "open" : "resolved",
                    new Subject(
                            lower(s.kind()),
                            s.key(),
                            s.sessionId() == null ? null : s.sessionId().toString(),
                            s.username(),
                            s.nasId() == null ? null : s.nasId().toString(),
                            s.day() == null ? null : s.day().toString()),
                    alert.value(),
                    alert.threshold(),
                    text(alert.firedAt()),
                    text(alert.lastNotifiedAt()),
                    text(alert.resolvedAt()),
                    alert.acknowledgement() == null
                            ? null
                            : new Acknowledgement(
                                    text(alert.acknowledgement().at()),
                                    alert.acknowledgement().by() == null
                                            ? null
                                            : alert.acknowledgement().by().toString()),
                    alert.disconnect() == null
                            ? null
                            : new Disconnect(
                                    lower(alert.disconnect().status()),
                                    alert.disconnect().detail(),
                                    text(alert.disconnect().at())));
        }
    }

    record AlertList(List<AlertView> alerts, long total, int page, int pageSize) {
        static AlertList from(AlertPage page) {
            return new AlertList(
                    page.alerts().stream().map(AlertView::from).toList(), page.total(), page.page(), page.pageSize());
        }
    }

    /** POST body: url (required), description, enabled (default true). */
    record WebhookRequest(String url, String description, Boolean enabled) {
        CreateWebhookCommand toCommand(TenantId tenant) {
            return new CreateWebhookCommand(tenant, url, description, enabled == null || enabled);
        }
    }

    record WebhookView(String id, String url, String description, boolean enabled, String createdAt) {
        static WebhookView from(Webhook webhook) {
            return new WebhookView(
                    webhook.id().toString(),
                    webhook.url().toString(),
                    webhook.description(),
                    webhook.enabled(),
                    text(webhook.createdAt()));
        }
    }

    /** The answer to POST: the webhook and its signing secret, shown this once. */
    record CreatedView(String id, String url, String description, boolean enabled, String createdAt, String secret) {
        static CreatedView from(CreatedWebhook created) {
            Webhook webhook = created.webhook();
            return new CreatedView(
                    webhook.id().toString(),
                    webhook.url().toString(),
                    webhook.description(),
                    webhook.enabled(),
                    text(webhook.createdAt()),
                    created.secret());
        }

        @Override
        public String toString() {
            return "CreatedView[id=" + id + ", url=" + url + ", secret=(hidden)]";
        }
    }

    record WebhookList(List<WebhookView> webhooks) {}

    record DeliveryView(
            long id,
            String eventId,
            String eventType,
            String status,
            int attempts,
            String createdAt,
            String nextAttemptAt,
            String lastAttemptAt,
            int lastStatus,
            String lastError,
            String deliveredAt) {
        static DeliveryView from(WebhookDelivery d) {
            return new DeliveryView(
                    d.id(),
                    d.eventId().toString(),
                    d.eventType(),
                    lower(d.status()),
                    d.attempts(),
                    text(d.createdAt()),
                    text(d.nextAttemptAt()),
                    text(d.lastAttemptAt()),
                    d.lastStatus(),
                    d.lastError(),
                    text(d.deliveredAt()));
        }
    }

    record DeliveryList(List<DeliveryView> deliveries, long total, int page, int pageSize) {
        static DeliveryList from(DeliveryPage page) {
            return new DeliveryList(
                    page.deliveries().stream().map(DeliveryView::from).toList(),
                    page.total(),
                    page.page(),
                    page.pageSize());
        }
    }

    record TestFired(String eventId, String type) {}
}

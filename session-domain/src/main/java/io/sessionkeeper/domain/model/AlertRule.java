package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A tenant's alert rule: what to watch ({@code type}, {@code threshold} in the type's unit, {@code period} for
 * {@link AlertRuleType#HIGH_USAGE}), where ({@code scope}), how loud ({@code severity}) and what to do
 * ({@code action}). A rule fires once per subject while its condition holds ({@link Alert}), and reminds at most
 * every {@code renotifyEvery} (zero: never).
 *
 * <p>Auto-disconnect guards of the rule: {@code dryRun} records what it would do without asking the NAS;
 * {@code exemptUsers} (an allow-list of User-Names) are never disconnected. The per-tenant rate and per-user
 * cool-down are the operator's ({@code AlertPolicy}).
 */
public record AlertRule(
        AlertRuleId id,
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
        Duration renotifyEvery,
        Set<String> exemptUsers,
        Instant createdAt,
        QualityCondition quality) {
    public static final int MAX_NAME = 128;
    public static final int MAX_EXEMPT_USERS = 1000;
    public static final int MAX_USERNAME = 253;
    /** The shortest duration a time rule takes: the sweep runs every minute, interim updates come every few. */
    public static final long MIN_SECONDS = 60;

    public static final long MAX_SECONDS = Duration.ofDays(3650).toSeconds();
    public static final int MAX_SESSIONS = 10_000;
    public static final Duration MAX_RENOTIFY = Duration.ofDays(365);

    /** The longest round trip a QUALITY_DEGRADED threshold takes, in milliseconds. */
    public static final long MAX_RTT_MILLIS = 60_000;

    /**
     * What else a {@link AlertRuleType#QUALITY_DEGRADED} rule watches besides its p95 threshold: loss above {@code
     * lossPercent} (null: loss is not watched), and for how many closed 5-minute buckets in a row ({@code buckets},
     * 1 to 288: a day).
     */
    public record QualityCondition(Double lossPercent, int buckets) {
        public static final int DEFAULT_BUCKETS = 3;
        public static final int MAX_BUCKETS = 288;

        public QualityCondition {
            InvalidValueException.require(
                    lossPercent == null || (lossPercent >= 0 && lossPercent < 100),
                    "lossPercent",
                    "must be 0 to 99.99");
            InvalidValueException.require(
                    buckets >= 1 && buckets <= MAX_BUCKETS, "buckets", "must be 1 to " + MAX_BUCKETS);
        }
    }

    public AlertRule {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        Text.required("name", name, MAX_NAME);
        InvalidValueException.require(type != null, "type", "is required");
        if (period == null) {
            period = UsagePeriod.SESSION;
        }
        InvalidValueException.require(
                period == UsagePeriod.SESSION || type == AlertRuleType.HIGH_USAGE,
                "period",
                "DAY applies to HIGH_USAGE only");
        switch (type) {
            case LONG_SESSION, STALE_SESSION, NAS_SILENT ->
                InvalidValueException.require(
                        threshold >= MIN_SECONDS && threshold <= MAX_SECONDS,
                        "threshold",
                        "must be seconds, " + MIN_SECONDS + " to " + MAX_SECONDS);
            case HIGH_USAGE -> InvalidValueException.require(threshold > 0, "threshold", "must be bytes, at least 1");
            case MULTI_SESSION ->
                InvalidValueException.require(
                        threshold >= 1 && threshold <= MAX_SESSIONS,
                        "threshold",
                        "must be a number of sessions, 1 to " + MAX_SESSIONS + " (fires above it)");
            case QUALITY_DEGRADED ->
                InvalidValueException.require(
                        threshold >= 1 && threshold <= MAX_RTT_MILLIS,
                        "threshold",
                        "must be a p95 round trip in milliseconds, 1 to " + MAX_RTT_MILLIS + " (fires above it)");
        }
        if (type == AlertRuleType.QUALITY_DEGRADED) {
            quality = quality != null ? quality : new QualityCondition(null, QualityCondition.DEFAULT_BUCKETS);
        } else {
            InvalidValueException.require(quality == null, "lossPercent", "applies to QUALITY_DEGRADED only");
        }
        if (scope == null) {
            scope = AlertScope.ALL;
        }
        InvalidValueException.require(
                type != AlertRuleType.NAS_SILENT
                        || scope.kind() == AlertScope.Kind.ALL
                        || scope.kind() == AlertScope.Kind.NAS,
                "scope",
                "NAS_SILENT watches NAS: scope ALL or NAS");
        InvalidValueException.require(
                period != UsagePeriod.DAY || scope.kind() != AlertScope.Kind.NAS,
                "scope",
                "HIGH_USAGE per DAY counts a customer's sessions on every NAS: scope ALL, CUSTOMER or PACKAGE");
        if (severity == null) {
            severity = AlertSeverity.WARNING;
        }
        if (action == null) {
            action = AlertAction.NOTIFY;
        }
        InvalidValueException.require(
                action != AlertAction.AUTO_DISCONNECT || disconnects(type, period),
                "action",
                "AUTO_DISCONNECT applies to LONG_SESSION and HIGH_USAGE per session only (it ends one session)");
        if (renotifyEvery == null) {
            renotifyEvery = Duration.ZERO;
        }
        InvalidValueException.require(
                !renotifyEvery.isNegative() && renotifyEvery.compareTo(MAX_RENOTIFY) <= 0,
                "renotifyHours",
                "must be 0 (never) to " + MAX_RENOTIFY.toHours());
        exemptUsers = exemptUsers == null ? Set.of() : Set.copyOf(exemptUsers);
        InvalidValueException.require(
                exemptUsers.size() <= MAX_EXEMPT_USERS, "exemptUsers", "must be at most " + MAX_EXEMPT_USERS);
        for (String user : exemptUsers) {
            Text.required("exemptUsers", user, MAX_USERNAME);
        }
        InvalidValueException.require(createdAt != null, "createdAt", "must not be null");
    }

    /** Whether rules of this type and period watch one session, which AUTO_DISCONNECT can end. */
    public static boolean disconnects(AlertRuleType type, UsagePeriod period) {
        return type == AlertRuleType.LONG_SESSION
                || (type == AlertRuleType.HIGH_USAGE && period == UsagePeriod.SESSION);
    }

    public AlertRuleType.SubjectKind subjectKind() {
        return type.subjectKind(period);
    }

    /** The threshold as a duration, for the time rules. */
    public Duration thresholdDuration() {
        return Duration.ofSeconds(threshold);
    }
}

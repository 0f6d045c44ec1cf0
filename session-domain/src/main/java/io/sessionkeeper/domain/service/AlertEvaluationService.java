package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSubject;
import io.sessionkeeper.domain.model.ConcurrentSessions;
import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.NasActivity;
import io.sessionkeeper.domain.model.NasSilence;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.port.in.EvaluateAlertsUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionCommand;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.in.TerminationResult;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the alert rules: a sweep over the store (the source of truth: it sees everything, also after a restart
 * and what another instance committed), and a prompt look at the sessions each accounting unit committed.
 *
 * <p>A rule fires once per subject while its condition holds: the store keeps at most one open alert per rule and
 * subject, across instances ({@link Alerts#fire}). The sweep resolves the open alerts whose condition no longer
 * holds (only those fired before it began reading, so that it never resolves what the prompt path fired meanwhile),
 * and reminds of those still open once their rule's interval has passed since the last notification.
 *
 * <p>AUTO_DISCONNECT runs where the alert fired, under its guards in this order: the rule's allow-list, its dry
 * run, then the operator's per-tenant rate and per-user cool-down, decided atomically by the store ({@link
 * Alerts#claimDisconnect}); the NAS's answer is recorded through {@link AlertActionLog} and sent as an event.
 */
@Singleton
public final class AlertEvaluationService implements EvaluateAlertsUseCase {
    /** Open sessions read per statement by the sweep. */
    static final int CHUNK = 5_000;

    private final AlertRules rules;
    private final Alerts alerts;
    private final AlertFacts facts;
    private final AlertActionLog actionLog;
    private final TenantDirectory tenants;
    private final TerminateSessionUseCase terminate;
    private final QualityStore quality;
    private final AlertPolicy policy;
    private final Clock clock;

    /** (rule, subject) pairs known to have an open alert: the prompt path does not try them again. */
    private final Set<String> knownOpen = ConcurrentHashMap.newKeySet();

    private volatile Map<TenantId, List<AlertRule>> promptRules = Map.of();
    private volatile Instant promptRulesRead = Instant.MIN;

    @Inject
    public AlertEvaluationService(
            AlertRules rules,
            Alerts alerts,
            AlertFacts facts,
            AlertActionLog actionLog,
            TenantDirectory tenants,
            TerminateSessionUseCase terminate,
            QualityStore quality,
            AlertPolicy policy,
            Clock clock) {
        this.rules = rules;
        this.alerts = alerts;
        this.facts = facts;
        this.actionLog = actionLog;
        this.tenants = tenants;
        this.terminate = terminate;
        this.quality = quality;
        this.policy = policy;
        this.clock = clock;
    }

    // ---- the prompt path ----------------------------------------------------------------------------------------

    @Override
    public int evaluate(List<Session> committed) {
        Instant now = Instants.now(clock);
        Map<TenantId, List<AlertRule>> byTenant = promptRules(now);
        if (byTenant.isEmpty()) {
            return 0;
        }
        int fired = 0;
        for (Session session : committed) {
            List<AlertRule> tenantRules = byTenant.get(session.tenant());
            if (tenantRules == null || !session.isActive()) {
                continue;
            }
            SessionFacts facts = SessionFacts.of(session);
            for (AlertRule rule : tenantRules) {
                // a package's customers are read by the sweep only: the prompt path never reads the store
                if (rule.scope().kind() == AlertScope.Kind.PACKAGE
                        || !rule.scope().covers(facts.username(), facts.nasId(), Set.of())) {
                    continue;
                }
                OptionalLong breach = AlertConditions.breach(rule, facts, now);
                if (breach.isPresent()) {
                    AlertSubject subject = AlertSubject.session(facts.id(), facts.username(), facts.nasId());
                    if (!knownOpen.contains(known(rule.id(), subject.key()))
                            && fire(rule, subject, breach.getAsLong(), now)) {
                        fired++;
                    }
                }
            }
        }
        return fired;
    }

    /** The enabled rules that one session decides (without STALE_SESSION: a session just seen is not stale). */
    private Map<TenantId, List<AlertRule>> promptRules(Instant now) {
        if (promptRulesRead.plus(policy.rulesRefresh()).isBefore(now)) {
            Map<TenantId, List<AlertRule>> byTenant = new HashMap<>();
            for (AlertRule rule : rules.findEnabled()) {
                if (AlertConditions.isPerSession(rule) && rule.type() != AlertRuleType.STALE_SESSION) {
                    byTenant.computeIfAbsent(rule.tenant(), t -> new ArrayList<>())
                            .add(rule);
                }
            }
            promptRules = Map.copyOf(byTenant);
            promptRulesRead = now;
        }
        return promptRules;
    }

    // ---- the sweep -----------------------------------------------------------------------------------------------

    @Override
    public SweepResult sweep() {
        Instant now = Instants.now(clock);
        Map<TenantId, List<AlertRule>> byTenant = new LinkedHashMap<>();
        List<AlertRule> enabled = rules.findEnabled();
        for (AlertRule rule : enabled) {
            byTenant.computeIfAbsent(rule.tenant(), t -> new ArrayList<>()).add(rule);
        }
        Tally tally = new Tally();
        Set<String> stillOpen = ConcurrentHashMap.newKeySet();
        for (Map.Entry<TenantId, List<AlertRule>> tenant : byTenant.entrySet()) {
            sweepTenant(tenant.getKey(), tenant.getValue(), now, tally, stillOpen);
        }
        knownOpen.retainAll(stillOpen);
        return new SweepResult(enabled.size(), tally.fired, tally.resolved, tally.reminded);
    }

    private static final class Tally {
        int fired;
        int resolved;
        int reminded;
    }

    private void sweepTenant(
            TenantId tenant, List<AlertRule> tenantRules, Instant now, Tally tally, Set<String> stillOpen) {
        Map<AlertRuleId, Map<String, Breach>> found = new HashMap<>();
        Map<AlertRuleId, Set<String>> packageUsers = new HashMap<>();
        for (AlertRule rule : tenantRules) {
            found.put(rule.id(), new LinkedHashMap<>());
            if (rule.scope().kind() == AlertScope.Kind.PACKAGE) {
                packageUsers.put(
                        rule.id(), facts.usernamesOfPackage(tenant, rule.scope().value()));
            }
        }
        sessionRules(tenant, tenantRules, now, found, packageUsers);
        DayUsage dayUsage = null;
        for (AlertRule rule : tenantRules) {
            Set<String> users = packageUsers.getOrDefault(rule.id(), Set.of());
            if (isDayUsage(rule)) {
                if (dayUsage == null) {
                    dayUsage = dayUsage(tenant, tenantRules, now);
                }
                LocalDate today = dayUsage.day();
                dayUsage.octetsByUser().forEach((user, octets) -> {
                    if (octets > rule.threshold() && rule.scope().covers(user, null, users)) {
                        AlertSubject subject = AlertSubject.userDay(user, today);
                        found.get(rule.id()).put(subject.key(), new Breach(subject, octets));
                    }
                });
            } else if (rule.type() == AlertRuleType.NAS_SILENT) {
                NasSilence silence = new NasSilence(rule.thresholdDuration());
                for (NasActivity nas : facts.nasActivity(tenant)) {
                    if (silence.isSilent(nas.lastAccounting(), now)
                            && rule.scope().covers(null, nas.nasId(), users)) {
                        AlertSubject subject = AlertSubject.nas(nas.nasId());
                        found.get(rule.id())
                                .put(
                                        subject.key(),
                                        new Breach(subject, NasSilence.quietSeconds(nas.lastAccounting(), now)));
                    }
                }
            }
        }
        for (AlertRule rule : tenantRules) {
            reconcile(rule, found.get(rule.id()), now, tally, stillOpen);
        }
    }

    private static boolean isDayUsage(AlertRule rule) {
        return rule.type() == AlertRuleType.HIGH_USAGE && rule.period() == UsagePeriod.DAY;
    }

    /** The users above the lowest threshold of the tenant's per-day usage rules, on the tenant's calendar day. */
    private record DayUsage(LocalDate day, Map<String, Long> octetsByUser) {}

    /**
     * The tenant's day of usage by user, read once a sweep for all its per-day usage rules, above the lowest of their
     * thresholds: the read costs the same whatever the threshold (a look-up of a sample for every session of the day
     * begun before it, 1.1–1.5 s at 100,000 subscribers online on the bench, docs/benchmarks.md), and each rule then
     * keeps the users above its own.
     */
    private DayUsage dayUsage(TenantId tenant, List<AlertRule> tenantRules, Instant now) {
        ZoneId zone = tenants.findById(tenant).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        long lowest = tenantRules.stream()
                .filter(AlertEvaluationService::isDayUsage)
                .mapToLong(AlertRule::threshold)
                .min()
                .orElseThrow();
        return new DayUsage(today, facts.usageByUser(tenant, from, to, lowest));
    }

    /** One pass over the tenant's open sessions for every rule that looks at sessions. */
    private void sessionRules(
            TenantId tenant,
            List<AlertRule> tenantRules,
            Instant now,
            Map<AlertRuleId, Map<String, Breach>> found,
            Map<AlertRuleId, Set<String>> packageUsers) {
        List<AlertRule> perSession = new ArrayList<>();
        Map<AlertRule, ConcurrentSessions> multi = new LinkedHashMap<>();
        List<AlertRule> qualityRules = new ArrayList<>();
        for (AlertRule rule : tenantRules) {
            if (AlertConditions.isPerSession(rule)) {
                perSession.add(rule);
            } else if (rule.type() == AlertRuleType.MULTI_SESSION) {
                multi.put(rule, new ConcurrentSessions(policy.staleAfter()));
            } else if (rule.type() == AlertRuleType.QUALITY_DEGRADED) {
                qualityRules.add(rule);
            }
        }
        if (perSession.isEmpty() && multi.isEmpty() && qualityRules.isEmpty()) {
            return;
        }
        // the closed 5-minute buckets the quality rules look back on, read once for the tenant
        Instant closedUntil = QualityConditions.closedUntil(now);
        Map<SessionId, List<QualityTally>> recentQuality = qualityRules.isEmpty()
                ? Map.of()
                : quality.recent(
                        tenant,
                        closedUntil.minus(QualityStore.BUCKET.multipliedBy(QualityConditions.longestRun(qualityRules))),
                        closedUntil);
        SessionFacts after = null;
        List<SessionFacts> chunk;
        do {
            chunk = facts.openSessions(tenant, after, CHUNK);
            for (SessionFacts session : chunk) {
                for (AlertRule rule : perSession) {
                    if (!rule.scope()
                            .covers(
                                    session.username(),
                                    session.nasId(),
                                    packageUsers.getOrDefault(rule.id(), Set.of()))) {
                        continue;
                    }
                    OptionalLong breach = AlertConditions.breach(rule, session, now);
                    if (breach.isPresent()) {
                        AlertSubject subject = AlertSubject.session(session.id(), session.username(), session.nasId());
                        found.get(rule.id()).put(subject.key(), new Breach(subject, breach.getAsLong()));
                    }
                }
                List<QualityTally> measured = recentQuality.get(session.id());
                if (measured != null) {
                    for (AlertRule rule : qualityRules) {
                        if (!rule.scope()
                                .covers(
                                        session.username(),
                                        session.nasId(),
                                        packageUsers.getOrDefault(rule.id(), Set.of()))) {
                            continue;
                        }
                        OptionalLong breach = QualityConditions.breach(rule, measured, closedUntil);
                        if (breach.isPresent()) {
                            AlertSubject subject =
                                    AlertSubject.session(session.id(), session.username(), session.nasId());
                            found.get(rule.id()).put(subject.key(), new Breach(subject, breach.getAsLong()));
                        }
                    }
                }
                multi.forEach((rule, counts) -> {
                    if (rule.scope()
                            .covers(
                                    session.username(),
                                    session.nasId(),
                                    packageUsers.getOrDefault(rule.id(), Set.of()))) {
                        counts.add(
                                session.username(), session.startTime(), session.stopTime(), session.lastUpdate(), now);
                    }
                });
            }
            if (!chunk.isEmpty()) {
                after = chunk.get(chunk.size() - 1);
            }
        } while (chunk.size() >= CHUNK);
        multi.forEach((rule, counts) -> counts.above((int) rule.threshold()).forEach((user, count) -> {
            AlertSubject subject = AlertSubject.user(user);
            found.get(rule.id()).put(subject.key(), new Breach(subject, count));
        }));
    }

    private record Breach(AlertSubject subject, long value) {}

    private void reconcile(
            AlertRule rule, Map<String, Breach> breaches, Instant now, Tally tally, Set<String> stillOpen) {
        Map<String, Alert> open = new HashMap<>();
        for (Alert alert : alerts.findOpen(rule.tenant(), rule.id())) {
            open.put(alert.subject().key(), alert);
        }
        for (Breach breach : breaches.values()) {
            if (!open.containsKey(breach.subject().key())) {
                if (fire(rule, breach.subject(), breach.value(), now)) {
                    tally.fired++;
                }
            }
            stillOpen.add(known(rule.id(), breach.subject().key()));
        }
        for (Alert alert : open.values()) {
            if (!breaches.containsKey(alert.subject().key())) {
                // fired after this sweep began reading: the prompt path saw what the sweep could not yet
                if (alert.firedAt().isAfter(now)) {
                    stillOpen.add(known(rule.id(), alert.subject().key()));
                    continue;
                }
                if (alerts.resolve(
                        alert.tenant(), alert.id(), now, AlertEvents.of(AlertEvents.RESOLVED, alert, rule, now))) {
                    tally.resolved++;
                }
                knownOpen.remove(known(rule.id(), alert.subject().key()));
            } else if ((!rule.renotifyEvery().isNegative()
                            && !rule.renotifyEvery().isZero())
                    && !alert.lastNotifiedAt().plus(rule.renotifyEvery()).isAfter(now)) {
                if (alerts.remind(
                        alert.tenant(),
                        alert.id(),
                        alert.lastNotifiedAt(),
                        now,
                        AlertEvents.of(AlertEvents.REMINDER, alert, rule, now))) {
                    tally.reminded++;
                }
            }
        }
    }

    // ---- firing and its action ------------------------------------------------------------------------------------

    /** Fires unless the rule has an open alert for the subject (anywhere); then its action. */
    private boolean fire(AlertRule rule, AlertSubject subject, long value, Instant now) {
        Alert alert = Alert.fired(rule, subject, value, now);
        boolean fired = alerts.fire(alert, AlertEvents.of(AlertEvents.FIRED, alert, rule, now));
        knownOpen.add(known(rule.id(), subject.key()));
        if (fired && rule.action() == AlertAction.AUTO_DISCONNECT && subject.sessionId() != null) {
            autoDisconnect(rule, alert);
        }
        return fired;
    }

    private void autoDisconnect(AlertRule rule, Alert alert) {
        String user = alert.subject().username();
        SessionId session = alert.subject().sessionId();
        Instant now = Instants.now(clock);
        Alert.AutoDisconnect outcome;
        if (user != null && rule.exemptUsers().contains(user)) {
            outcome = new Alert.AutoDisconnect(
                    Alert.AutoDisconnect.Status.SKIPPED_ALLOW_LIST, "the user is on the rule's allow-list", now);
        } else if (rule.dryRun()) {
            outcome = new Alert.AutoDisconnect(
                    Alert.AutoDisconnect.Status.DRY_RUN, "dry run: a Disconnect-Request would have been sent", now);
        } else {
            Alerts.DisconnectClaim claim = alerts.claimDisconnect(
                    alert.tenant(),
                    alert.id(),
                    user == null ? "" : user,
                    now,
                    policy.disconnectsPerMinute(),
                    policy.disconnectCooldown());
            outcome = switch (claim) {
                case RATE_LIMITED ->
                    new Alert.AutoDisconnect(
                            Alert.AutoDisconnect.Status.SKIPPED_RATE_LIMIT,
                            "the tenant reached " + policy.disconnectsPerMinute() + " auto-disconnects in a minute",
                            now);
                case COOLING_DOWN ->
                    new Alert.AutoDisconnect(
                            Alert.AutoDisconnect.Status.SKIPPED_COOLDOWN,
                            "the user was auto-disconnected less than " + policy.disconnectCooldown() + " ago",
                            now);
                case GRANTED -> disconnect(alert, session);
            };
        }
        actionLog.record(alert.tenant(), alert.id(), session, outcome);
        Alert done = new Alert(
                alert.id(),
                alert.tenant(),
                alert.ruleId(),
                alert.ruleName(),
                alert.ruleType(),
                alert.severity(),
                alert.subject(),
                alert.value(),
                alert.threshold(),
                alert.firedAt(),
                alert.lastNotifiedAt(),
                alert.resolvedAt(),
                alert.acknowledgement(),
                outcome);
        WebhookEvent event = AlertEvents.of(AlertEvents.AUTO_DISCONNECT, done, rule, outcome.at());
        alerts.publish(event);
    }

    private Alert.AutoDisconnect disconnect(Alert alert, SessionId session) {
        TerminationResult result;
        try {
            result = terminate.terminate(new TerminateSessionCommand(alert.tenant(), session, false));
        } catch (NotFoundException | ConflictException e) {
            return new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.GONE, e.getMessage(), Instants.now(clock));
        }
        DisconnectResult answer = result.disconnect();
        Instant at = Instants.now(clock);
        String attempts = answer.attempts() + " attempt(s), " + answer.roundTripMillis() + " ms";
        if (answer instanceof DisconnectResult.Acked) {
            return new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.ACK, attempts, at);
        }
        if (answer instanceof DisconnectResult.Nacked nak) {
            return new Alert.AutoDisconnect(
                    Alert.AutoDisconnect.Status.NAK, "Error-Cause " + nak.errorCause() + ", " + attempts, at);
        }
        if (answer instanceof DisconnectResult.TimedOut) {
            return new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.TIMEOUT, attempts, at);
        }
        DisconnectResult.Failed failed = (DisconnectResult.Failed) answer;
        return new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.FAILED, failed.reason() + ", " + attempts, at);
    }

    private static String known(AlertRuleId rule, String subjectKey) {
        return rule + "/" + subjectKey;
    }
}

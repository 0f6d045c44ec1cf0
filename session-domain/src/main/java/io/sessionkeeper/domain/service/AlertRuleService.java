package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertSubject;
import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.port.in.AlertPage;
import io.sessionkeeper.domain.port.in.AlertPreview;
import io.sessionkeeper.domain.port.in.ListAlertsQuery;
import io.sessionkeeper.domain.port.in.ManageAlertRulesUseCase;
import io.sessionkeeper.domain.port.in.ManageAlertsUseCase;
import io.sessionkeeper.domain.port.in.SaveAlertRuleCommand;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alert rules and alerts of a tenant, as the API manages them; and the preview of a rule over the stored session
 * history. Every call works within the caller's tenant only.
 */
@Singleton
public final class AlertRuleService implements ManageAlertRulesUseCase, ManageAlertsUseCase {
    /** The most sessions a preview reads; beyond, it says it was truncated. */
    static final int PREVIEW_SESSIONS = 200_000;

    private static final int PREVIEW_SAMPLES = 10;

    private final AlertRules rules;
    private final Alerts alerts;
    private final AlertFacts facts;
    private final TenantDirectory tenants;
    private final AlertPolicy policy;
    private final Clock clock;

    @Inject
    public AlertRuleService(
            AlertRules rules,
            Alerts alerts,
            AlertFacts facts,
            TenantDirectory tenants,
            AlertPolicy policy,
            Clock clock) {
        this.rules = rules;
        this.alerts = alerts;
        this.facts = facts;
        this.tenants = tenants;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public AlertRule create(SaveAlertRuleCommand command) {
        AlertRule rule = toRule(AlertRuleId.random(), command, Instants.now(clock));
        if (rules.findByTenant(command.tenant()).size() >= policy.maxRulesPerTenant()) {
            throw new ConflictException(
                    "the tenant has " + policy.maxRulesPerTenant() + " alert rules, the most allowed");
        }
        rules.save(rule);
        return rule;
    }

    @Override
    public List<AlertRule> list(TenantId tenant) {
        return rules.findByTenant(tenant);
    }

    @Override
    public AlertRule get(TenantId tenant, AlertRuleId id) {
        return rules.find(tenant, id).orElseThrow(() -> new NotFoundException("alert rule", id));
    }

    @Override
    public AlertRule update(AlertRuleId id, SaveAlertRuleCommand command) {
        AlertRule current = get(command.tenant(), id);
        AlertRule rule = toRule(id, command, current.createdAt());
        rules.save(rule);
        return rule;
    }

    @Override
    public void delete(TenantId tenant, AlertRuleId id) {
        if (!rules.delete(tenant, id)) {
            throw new NotFoundException("alert rule", id);
        }
        alerts.resolveAllOf(tenant, id, Instants.now(clock));
    }

    private static AlertRule toRule(AlertRuleId id, SaveAlertRuleCommand command, Instant createdAt) {
        Text.required("name", command.name(), AlertRule.MAX_NAME);
        return new AlertRule(
                id,
                command.tenant(),
                command.name(),
                command.type(),
                command.threshold(),
                command.period(),
                command.scope(),
                command.severity(),
                command.action(),
                command.enabled(),
                command.dryRun(),
                renotify(command.renotifyHours()),
                command.exemptUsers(),
                createdAt,
                command.quality());
    }

    private static Duration renotify(int hours) {
        io.sessionkeeper.domain.model.InvalidValueException.require(
                hours >= 0 && hours <= AlertRule.MAX_RENOTIFY.toHours(),
                "renotifyHours",
                "must be 0 (never) to " + AlertRule.MAX_RENOTIFY.toHours());
        return Duration.ofHours(hours);
    }

    // ---- alerts --------------------------------------------------------------------------------------------------

    @Override
    public AlertPage list(ListAlertsQuery query) {
        return new AlertPage(
                alerts.find(query.filter(), query.offset(), query.pageSize()),
                alerts.count(query.filter()),
                query.page(),
                query.pageSize());
    }

    @Override
    public Alert acknowledge(Principal caller, AlertId id) {
        caller.require(Permission.ALERTS_MANAGE);
        return alerts.acknowledge(caller.tenant(), id, new Alert.Acknowledgement(Instants.now(clock), caller.tokenId()))
                .orElseThrow(() -> new NotFoundException("alert", id));
    }

    // ---- preview -------------------------------------------------------------------------------------------------

    /**
     * Replays the rule over the sessions that overlap the last {@value AlertPreview#DAYS} days. What the sessions
     * table cannot tell is said, not guessed: STALE_SESSION and NAS_SILENT need the time of every accounting
     * packet, which is not stored. Per-session usage counts a session once its final (or current) usage is above
     * the threshold (when it crossed is not stored); per-day usage reads each day as the sweep does.
     */
    @Override
    public AlertPreview preview(SaveAlertRuleCommand command) {
        Instant now = Instants.now(clock);
        Instant from = now.minus(Duration.ofDays(AlertPreview.DAYS));
        AlertRule rule = toRule(AlertRuleId.random(), command, now);
        if (rule.type() == AlertRuleType.QUALITY_DEGRADED) {
            return AlertPreview.unsupported(
                    "QUALITY_DEGRADED is not replayed: the preview reads the sessions table, not the quality buckets",
                    from,
                    now);
        }
        if (rule.type() == AlertRuleType.STALE_SESSION || rule.type() == AlertRuleType.NAS_SILENT) {
            return AlertPreview.unsupported(
                    rule.type() + " depends on the time of every accounting packet, and only the latest is stored",
                    from,
                    now);
        }
        Set<String> packageUsers = rule.scope().kind() == io.sessionkeeper.domain.model.AlertScope.Kind.PACKAGE
                ? facts.usernamesOfPackage(rule.tenant(), rule.scope().value())
                : Set.of();
        ZoneId zone = tenants.findById(rule.tenant()).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
        if (rule.type() == AlertRuleType.HIGH_USAGE && rule.period() == UsagePeriod.DAY) {
            return previewDaily(rule, from, now, zone, packageUsers);
        }
        Replay replay = new Replay(rule, from, now);
        long read = 0;
        boolean truncated = false;
        // the sessions overlapping the window: the open ones, then those stopped since its start
        for (boolean open : new boolean[] {true, false}) {
            SessionFacts after = null;
            List<SessionFacts> chunk;
            do {
                chunk = open
                        ? facts.openSessions(rule.tenant(), after, AlertEvaluationService.CHUNK)
                        : facts.stoppedSince(rule.tenant(), from, now, after, AlertEvaluationService.CHUNK);
                for (SessionFacts session : chunk) {
                    if (rule.scope().covers(session.username(), session.nasId(), packageUsers)) {
                        replay.add(session);
                    }
                }
                read += chunk.size();
                if (!chunk.isEmpty()) {
                    after = chunk.get(chunk.size() - 1);
                }
                if (read >= PREVIEW_SESSIONS && chunk.size() >= AlertEvaluationService.CHUNK) {
                    truncated = true;
                }
            } while (!truncated && chunk.size() >= AlertEvaluationService.CHUNK);
        }
        return new AlertPreview(true, null, from, now, replay.fired(), read, truncated, replay.samples());
    }

    /**
     * A per-day usage rule over the window's days (in the tenant's zone), each read as the sweep reads today: the
     * traffic of each user inside the day ({@link AlertFacts#usageByUser}), so the preview and the live rule agree.
     */
    private AlertPreview previewDaily(AlertRule rule, Instant from, Instant now, ZoneId zone, Set<String> users) {
        long fired = 0;
        Set<String> samples = new LinkedHashSet<>();
        for (LocalDate day = from.atZone(zone).toLocalDate();
                !day.isAfter(now.atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            Instant start = day.atStartOfDay(zone).toInstant();
            Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
            for (String user : facts.usageByUser(rule.tenant(), start, end, rule.threshold())
                    .keySet()) {
                if (rule.scope().covers(user, null, users)) {
                    fired++;
                    if (samples.size() < PREVIEW_SAMPLES) {
                        samples.add(AlertSubject.userDay(user, day).key());
                    }
                }
            }
        }
        return new AlertPreview(true, null, from, now, fired, 0, false, List.copyOf(samples));
    }

    /** One rule replayed over sessions of the window. */
    private final class Replay {
        private final AlertRule rule;
        private final Instant from;
        private final Instant to;
        private long fired;
        private final Set<String> samples = new LinkedHashSet<>();
        private final Map<String, List<long[]>> intervalsByUser = new HashMap<>();

        Replay(AlertRule rule, Instant from, Instant to) {
            this.rule = rule;
            this.from = from;
            this.to = to;
        }

        void add(SessionFacts session) {
            switch (rule.type()) {
                case LONG_SESSION -> {
                    // long once its accounting passed the threshold, within the window; never when its end was
                    // inferred (Accounting-On, stale cleanup)
                    Instant crossed = session.startTime().plusSeconds(rule.threshold());
                    if (!session.endInferred()
                            && session.confirmedSeconds() > rule.threshold()
                            && !crossed.isBefore(from)
                            && crossed.isBefore(to)) {
                        hit(session.id().toString());
                    }
                }
                case HIGH_USAGE -> {
                    // per day: previewDaily
                    if (session.totalOctets() > rule.threshold()) {
                        hit(session.id().toString());
                    }
                }
                case MULTI_SESSION -> {
                    long start = session.startTime().toEpochMilli();
                    long end = (session.stopTime() != null ? session.stopTime() : session.lastUpdate()).toEpochMilli();
                    intervalsByUser
                            .computeIfAbsent(session.username(), u -> new ArrayList<>())
                            .add(new long[] {start, Math.max(start, end)});
                }
                default -> {}
            }
        }

        private void hit(String subject) {
            fired++;
            if (samples.size() < PREVIEW_SAMPLES) {
                samples.add(subject);
            }
        }

        long fired() {
            if (rule.type() == AlertRuleType.MULTI_SESSION) {
                intervalsByUser.forEach((user, intervals) -> {
                    // a sweep line over starts (+1) and ends (-1); each rise above the limit is one alert
                    List<long[]> events = new ArrayList<>();
                    for (long[] interval : intervals) {
                        events.add(new long[] {interval[0], 1});
                        events.add(new long[] {interval[1], -1});
                    }
                    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                    long open = 0;
                    for (long[] event : events) {
                        open += event[1];
                        if (event[1] > 0 && open == rule.threshold() + 1 && event[0] >= from.toEpochMilli()) {
                            hit(user);
                        }
                    }
                });
                intervalsByUser.clear();
            }
            return fired;
        }

        List<String> samples() {
            return List.copyOf(samples);
        }
    }
}

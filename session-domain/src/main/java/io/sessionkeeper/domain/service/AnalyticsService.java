package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasHealth;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.NasSilence;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.PeakTimes;
import io.sessionkeeper.domain.model.QuarterHours;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionComparison;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.model.TopUsers;
import io.sessionkeeper.domain.model.UsageRanking;
import io.sessionkeeper.domain.port.in.MultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.NasHealthUseCase;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.SessionComparisonUseCase;
import io.sessionkeeper.domain.port.in.TopUsersUseCase;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Analytics (issue 16): peak times, session comparison, multi-device detection, NAS health, top users. */
@Singleton
public final class AnalyticsService
        implements PeakTimesUseCase, SessionComparisonUseCase, MultiDeviceUseCase, NasHealthUseCase, TopUsersUseCase {
    /** A NAS without accounting for this long is shown silent ({@link NasSilence}, the alerts' rule). */
    public static final Duration SILENT_AFTER = Duration.ofMinutes(15);

    /** Sessions of a customer's window compared at most (its newest). */
    static final int MAX_COMPARED = 10_000;

    private final SessionAnalytics analytics;
    private final MultiDeviceFindings findings;
    private final SessionRepository sessions;
    private final NasDirectory nasDirectory;
    private final CustomerDirectory customers;
    private final TenantDirectory tenants;
    private final Clock clock;

    @Inject
    public AnalyticsService(
            SessionAnalytics analytics,
            MultiDeviceFindings findings,
            SessionRepository sessions,
            NasDirectory nasDirectory,
            CustomerDirectory customers,
            TenantDirectory tenants,
            Clock clock) {
        this.analytics = analytics;
        this.findings = findings;
        this.sessions = sessions;
        this.nasDirectory = nasDirectory;
        this.customers = customers;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public PeakTimes peakTimes(PeakTimesUseCase.Query query) {
        ZoneId zone = query.zone() != null ? query.zone() : tenantZone(query.tenant());
        int days = query.days() != null ? query.days() : PeakTimes.DEFAULT_DAYS;
        if (query.nasId() != null
                && nasDirectory.findById(query.tenant(), query.nasId()).isEmpty()) {
            throw new NotFoundException("NAS", query.nasId());
        }
        Instant[] window = PeakTimes.window(zone, days, clock.instant());
        ConcurrencyTotals totals = analytics.concurrency(query.tenant(), query.nasId(), window[0], window[1]);
        return PeakTimes.compute(zone, days, window[0], window[1], query.nasId(), totals);
    }

    @Override
    public SessionComparison compare(TenantId tenant, String username) {
        InvalidValueException.require(
                username != null && !username.isEmpty() && username.length() <= 253,
                "username",
                "must be 1 to 253 characters");
        Instant now = clock.instant();
        List<Session> open =
                sessions.find(new SessionFilter(tenant, SessionStatusFilter.ACTIVE, username, null, null), 0, 1);
        Session current = open.isEmpty()
                ? sessions.find(new SessionFilter(tenant, SessionStatusFilter.ALL, username, null, null), 0, 1).stream()
                        .findFirst()
                        .orElse(null)
                : open.get(0);
        if (current == null && customers.findByUsername(tenant, username).isEmpty()) {
            throw new NotFoundException("customer", username);
        }
        TimeWindow window = new TimeWindow(now.minus(Duration.ofDays(SessionComparison.WINDOW_DAYS)), null, false);
        List<Session> recent = current == null
                ? List.of()
                : sessions.find(
                        new SessionFilter(tenant, SessionStatusFilter.ALL, username, null, null, window),
                        0,
                        MAX_COMPARED);
        return SessionComparison.of(username, current, recent, now);
    }

    @Override
    public MultiDeviceUseCase.Page multiDevice(MultiDeviceUseCase.Query query) {
        long offset = (long) (query.page() - 1) * query.pageSize();
        MultiDeviceFindings.Stored stored = findings.read(query.tenant(), offset, query.pageSize());
        return new MultiDeviceUseCase.Page(
                stored.findings(),
                stored.total(),
                query.page(),
                query.pageSize(),
                stored.scan().orElse(null));
    }

    @Override
    public List<NasHealth> nasHealth(TenantId tenant) {
        Instant now = clock.instant();
        Instant thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant firstMinute = thisMinute.minus(Duration.ofMinutes(59));
        Instant end = thisMinute.plus(Duration.ofMinutes(1));
        List<Nas> registered = new ArrayList<>(nasDirectory.findByTenant(tenant));
        registered.sort(Comparator.comparing(Nas::name).thenComparing(n -> n.id().value()));
        Map<NasId, NasPulse> pulses = new HashMap<>();
        for (NasPulse pulse :
                analytics.nasPulses(tenant, registered.stream().map(Nas::id).toList(), firstMinute, end)) {
            pulses.put(pulse.nasId(), pulse);
        }
        ActiveSessionCounts active = sessions.countActive(tenant);
        NasSilence silence = new NasSilence(SILENT_AFTER);
        List<NasHealth> health = new ArrayList<>(registered.size());
        for (Nas nas : registered) {
            NasPulse pulse = pulses.getOrDefault(nas.id(), new NasPulse(nas.id(), null, null, null, Map.of()));
            List<NasHealth.MinutePackets> minutes = new ArrayList<>(60);
            for (Instant m = firstMinute; m.isBefore(end); m = m.plus(Duration.ofMinutes(1))) {
                minutes.add(new NasHealth.MinutePackets(m, pulse.minutes().getOrDefault(m, 0L)));
            }
            health.add(new NasHealth(
                    nas.id(),
                    nas.name(),
                    nas.ipAddress(),
                    pulse.lastAccounting(),
                    active.byNas().getOrDefault(nas.id(), 0L),
                    pulse.lastAccountingOn(),
                    pulse.lastAccountingOff(),
                    minutes,
                    silence.isSilent(pulse.lastAccounting(), now)));
        }
        return health;
    }

    @Override
    public TopUsers topUsers(TopUsersUseCase.Query query) {
        Instant now = clock.instant();
        ZoneId zone = query.zone() != null ? query.zone() : tenantZone(query.tenant());
        Instant start =
                switch (query.period()) {
                    case TODAY ->
                        now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
                    case DAYS_7 -> now.minus(Duration.ofDays(7));
                    case DAYS_30 -> now.minus(Duration.ofDays(30));
                };
        // traffic is known per UTC quarter hour (the usage roll-ups'); a local midnight is on one in every zone
        Instant from = QuarterHours.floor(start);
        UsageRanking ranking = analytics.topUsers(query.tenant(), from, now, query.limit());
        return new TopUsers(query.period(), from, ranking.countedUntil(), ranking.users());
    }

    private ZoneId tenantZone(TenantId tenant) {
        return tenants.findById(tenant).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
    }
}

package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasSessionCount;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionPage;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatistics;
import io.sessionkeeper.domain.model.SessionView;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.in.GetSessionQuery;
import io.sessionkeeper.domain.port.in.GetSessionUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import io.sessionkeeper.domain.port.in.SessionStatisticsQuery;
import io.sessionkeeper.domain.port.in.SessionStatisticsUseCase;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading sessions: listings, one session, statistics. Every read is confined to the asking tenant. */
@Singleton
public final class SessionQueryService implements ListSessionsUseCase, GetSessionUseCase, SessionStatisticsUseCase {
    private final SessionRepository sessions;
    private final CustomerDirectory customers;
    private final NasDirectory nasDirectory;
    private final TenantDirectory tenants;
    private final Clock clock;

    @Inject
    public SessionQueryService(
            SessionRepository sessions,
            CustomerDirectory customers,
            NasDirectory nasDirectory,
            TenantDirectory tenants,
            Clock clock) {
        this.sessions = sessions;
        this.customers = customers;
        this.nasDirectory = nasDirectory;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public SessionPage list(ListSessionsQuery query) {
        String username = null;
        if (query.customerId() != null) {
            var customer = customers.findById(query.tenant(), query.customerId());
            if (customer.isEmpty()) {
                return new SessionPage(List.of(), 0, query.page(), query.pageSize());
            }
            username = customer.get().username();
        }
        SessionFilter filter = new SessionFilter(
                query.tenant(), query.status(), username, query.nasId(), query.search(), window(query));
        SessionRepository.Found found = sessions.findCounted(filter, query.offset(), query.pageSize());
        return new SessionPage(views(query, found.page()), found.total(), query.page(), query.pageSize());
    }

    /** The instants of the query's days, in its zone or the tenant's; null when it names no day. */
    private TimeWindow window(ListSessionsQuery query) {
        SessionPeriod period = query.period();
        if (period.isOpen()) {
            return null;
        }
        return period.window(period.zone() != null ? period.zone() : tenantZone(query.tenant()));
    }

    private ZoneId tenantZone(TenantId tenant) {
        return tenants.findById(tenant).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
    }

    private List<SessionView> views(ListSessionsQuery query, List<Session> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        Set<String> usernames = new LinkedHashSet<>();
        for (Session session : found) {
            usernames.add(session.username());
        }
        Map<String, Customer> byUsername = customers.findByUsernames(query.tenant(), usernames);
        Map<NasId, Nas> nasById = nasOf(query.tenant());
        Instant now = Instants.now(clock);
        List<SessionView> views = new ArrayList<>(found.size());
        for (Session session : found) {
            views.add(new SessionView(
                    session,
                    byUsername.get(session.username()),
                    nasById.get(session.nasId()),
                    session.durationSeconds(now)));
        }
        return views;
    }

    @Override
    public SessionView get(GetSessionQuery query) {
        Session session = sessions.findById(query.tenant(), query.id())
                .orElseThrow(() -> new NotFoundException("session", query.id()));
        Customer customer =
                customers.findByUsername(query.tenant(), session.username()).orElse(null);
        Nas nas = nasDirectory.findById(query.tenant(), session.nasId()).orElse(null);
        return new SessionView(session, customer, nas, session.durationSeconds(Instants.now(clock)));
    }

    @Override
    public SessionStatistics statistics(SessionStatisticsQuery query) {
        Instant now = Instants.now(clock);
        ZoneId zone = query.zone() != null
                ? query.zone()
                : tenants.findById(query.tenant()).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
        Instant midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        List<Long> started = sessions.countStartedSince(
                query.tenant(), List.of(midnight, now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(30))));
        ActiveSessionCounts active = sessions.countActive(query.tenant());
        Map<NasId, Nas> nasById = nasOf(query.tenant());
        List<NasSessionCount> byNas = new ArrayList<>();
        active.byNas().forEach((nasId, count) -> {
            Nas nas = nasById.get(nasId);
            byNas.add(new NasSessionCount(nasId, nas == null ? "" : nas.name(), count));
        });
        byNas.sort(Comparator.comparingLong(NasSessionCount::count)
                .reversed()
                .thenComparing(NasSessionCount::nasName)
                .thenComparing(c -> c.nasId().toString()));
        return new SessionStatistics(
                active.total(),
                active.pppoe(),
                active.hotspot(),
                started.get(0),
                started.get(1),
                started.get(2),
                byNas);
    }

    private Map<NasId, Nas> nasOf(io.sessionkeeper.domain.model.TenantId tenant) {
        Map<NasId, Nas> byId = new HashMap<>();
        for (Nas nas : nasDirectory.findByTenant(tenant)) {
            byId.put(nas.id(), nas);
        }
        return byId;
    }
}

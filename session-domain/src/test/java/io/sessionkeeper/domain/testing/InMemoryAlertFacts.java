package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.NasActivity;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The alerts' reads over the in-memory session repository, NAS and customer directories, with the NAS's last
 * accounting set by the test ({@link #heard}) where the service's accounting path writes it.
 */
public final class InMemoryAlertFacts implements AlertFacts {
    private static final Comparator<SessionFacts> NEWEST_START = Comparator.comparing(SessionFacts::startTime)
            .thenComparing(f -> f.id().value())
            .reversed();
    private static final Comparator<SessionFacts> BY_STOP =
            Comparator.comparing(SessionFacts::stopTime).thenComparing(f -> f.id().value());

    private final InMemorySessionRepository sessions;
    private final NasDirectory nasDirectory;
    private final CustomerDirectory customers;
    private final Map<NasId, Instant> heard = new ConcurrentHashMap<>();

    public InMemoryAlertFacts(
            InMemorySessionRepository sessions, NasDirectory nasDirectory, CustomerDirectory customers) {
        this.sessions = sessions;
        this.nasDirectory = nasDirectory;
        this.customers = customers;
    }

    /** The NAS's accounting was last recorded at {@code at}. */
    public void heard(NasId nas, Instant at) {
        heard.put(nas, at);
    }

    private Stream<SessionFacts> of(TenantId tenant) {
        return sessions.all().stream().filter(s -> s.tenant().equals(tenant)).map(SessionFacts::of);
    }

    @Override
    public List<SessionFacts> openSessions(TenantId tenant, SessionFacts after, int limit) {
        return of(tenant)
                .filter(SessionFacts::isActive)
                .sorted(NEWEST_START)
                .filter(f -> after == null || NEWEST_START.compare(f, after) > 0)
                .limit(limit)
                .toList();
    }

    /** How many times {@link #usageByUser} was read. */
    public int usageReads;

    @Override
    public Map<String, Long> usageByUser(TenantId tenant, Instant from, Instant to, long aboveOctets) {
        usageReads++;
        Map<String, Long> sums = of(tenant)
                .filter(f -> f.startTime().isBefore(to)
                        && (f.stopTime() == null || !f.stopTime().isBefore(from)))
                .collect(Collectors.groupingBy(
                        SessionFacts::username, LinkedHashMap::new, Collectors.summingLong(SessionFacts::totalOctets)));
        sums.values().removeIf(total -> total <= aboveOctets);
        return sums;
    }

    @Override
    public List<NasActivity> nasActivity(TenantId tenant) {
        return nasDirectory.findByTenant(tenant).stream()
                .map(nas -> new NasActivity(nas.id(), nas.name(), heard.get(nas.id())))
                .toList();
    }

    @Override
    public Set<String> usernamesOfPackage(TenantId tenant, String packageName) {
        Set<String> users = new HashSet<>();
        for (Customer customer : customers.list(tenant, 0, Integer.MAX_VALUE)) {
            if (customer.servicePackage() != null
                    && customer.servicePackage().name().equals(packageName)) {
                users.add(customer.username());
            }
        }
        return users;
    }

    @Override
    public List<SessionFacts> stoppedSince(TenantId tenant, Instant from, Instant to, SessionFacts after, int limit) {
        return of(tenant)
                .filter(f -> f.stopTime() != null
                        && !f.stopTime().isBefore(from)
                        && f.startTime().isBefore(to))
                .sorted(BY_STOP)
                .filter(f -> after == null || BY_STOP.compare(f, after) > 0)
                .limit(limit)
                .toList();
    }
}

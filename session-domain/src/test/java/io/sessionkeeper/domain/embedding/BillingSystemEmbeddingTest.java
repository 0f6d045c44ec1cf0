package io.sessionkeeper.domain.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionPage;
import io.sessionkeeper.domain.model.SessionStatistics;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.SessionStatisticsQuery;
import io.sessionkeeper.domain.port.in.TerminateSessionCommand;
import io.sessionkeeper.domain.port.in.TerminationResult;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.SessionQueryService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TerminateSessionService;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/embedding.md, run: an ISP billing system that already has its customers, its router
 * inventory and its own CoA path embeds the domain jar, implements those ports over what it has, and calls the
 * use cases. Session storage here is the in-memory fake; in production it is session-persistence-jooq's
 * PostgreSQL repository or the embedder's own implementation checked by {@code SessionRepositoryContract}.
 */
class BillingSystemEmbeddingTest {
    static final TenantId ISP = TenantId.of("isp-one");
    static final Instant NOW = Instant.parse("2026-03-02T18:00:00Z");

    /** The billing system's own subscriber table, offered to the domain as a CustomerDirectory. */
    static final class BillingCustomers implements CustomerDirectory {
        final Map<String, Customer> byUsername = new HashMap<>();

        void subscribe(String username, String name, String plan, int mbps) {
            byUsername.put(
                    username,
                    new Customer(
                            CustomerId.random(),
                            ISP,
                            username,
                            name,
                            "+254700000000",
                            null,
                            new ServicePackage(plan, mbps, mbps)));
        }

        @Override
        public Optional<Customer> findById(TenantId tenant, CustomerId id) {
            return byUsername.values().stream().filter(c -> c.id().equals(id)).findFirst();
        }

        @Override
        public Optional<Customer> findByUsername(TenantId tenant, String username) {
            return Optional.ofNullable(byUsername.get(username));
        }

        @Override
        public Map<String, Customer> findByUsernames(TenantId tenant, Collection<String> usernames) {
            Map<String, Customer> found = new HashMap<>();
            usernames.forEach(u -> findByUsername(tenant, u).ifPresent(c -> found.put(u, c)));
            return found;
        }

        @Override
        public List<Customer> list(TenantId tenant, long offset, int limit) {
            return byUsername.values().stream().skip(offset).limit(limit).toList();
        }

        @Override
        public long count(TenantId tenant) {
            return byUsername.size();
        }

        @Override
        public void save(Customer customer) {
            byUsername.put(customer.username(), customer);
        }

        @Override
        public boolean delete(TenantId tenant, String username) {
            return byUsername.remove(username) != null;
        }
    }

    /** The network team's router inventory, offered as a NasDirectory. */
    static final class RouterInventory implements NasDirectory {
        final List<Nas> routers = new ArrayList<>();

        Nas add(String name, String ip) {
            Nas nas = new Nas(
                    NasId.random(),
                    ISP,
                    name,
                    IpAddress.parse(ip),
                    "radius-secret",
                    1700,
                    NasVendor.MIKROTIK,
                    null,
                    false,
                    null,
                    false);
            routers.add(nas);
            return nas;
        }

        @Override
        public Optional<Nas> findById(TenantId tenant, NasId id) {
            return routers.stream().filter(n -> n.id().equals(id)).findFirst();
        }

        @Override
        public List<Nas> findByTenant(TenantId tenant) {
            return List.copyOf(routers);
        }

        @Override
        public List<Nas> findAll() {
            return List.copyOf(routers);
        }

        @Override
        public void save(Nas nas) {
            routers.add(nas);
        }

        @Override
        public boolean delete(TenantId tenant, NasId id) {
            return routers.removeIf(n -> n.id().equals(id));
        }
    }

    /** The billing system already pushes CoA through its provisioning service; it reports what the NAS said. */
    static final class ProvisioningDisconnector implements SessionDisconnector {
        final List<String> sent = new ArrayList<>();

        @Override
        public DisconnectResult disconnect(Nas nas, Session session) {
            sent.add(nas.ipAddress() + ":" + nas.coaPort() + " disconnect " + session.username());
            return new DisconnectResult.Acked(1, 12);
        }

        @Override
        public DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit) {
            sent.add(nas.ipAddress() + " rate " + rateLimit);
            return new DisconnectResult.Acked(1, 9);
        }
    }

    static final class Tenants implements TenantDirectory {
        @Override
        public Optional<Tenant> findById(TenantId id) {
            return Optional.of(new Tenant(ISP, "ISP One", ZoneId.of("Africa/Nairobi")));
        }

        @Override
        public void createIfAbsent(Tenant tenant) {}

        @Override
        public void save(Tenant tenant) {}
    }

    @Test
    void aBillingSystemRecordsAccountingListsCountsAndDisconnectsThroughTheDomain() {
        // 1. Implement the driven ports over what the billing system has.
        BillingCustomers customers = new BillingCustomers();
        customers.subscribe("alice", "Alice Wanjiru", "10 Mbps Home", 10);
        RouterInventory routers = new RouterInventory();
        Nas tower = routers.add("Tower A", "10.10.0.1");
        ProvisioningDisconnector coa = new ProvisioningDisconnector();
        InMemorySessionRepository sessions = new InMemorySessionRepository();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        // 2. Construct the use cases (no framework needed; the same constructors Dagger uses).
        AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
        SessionQueryService queries = new SessionQueryService(sessions, customers, routers, new Tenants(), clock);
        TerminateSessionService terminate =
                new TerminateSessionService(sessions, routers, coa, sessions.events(), clock);
        StaleSessionCleanupService cleanup =
                new StaleSessionCleanupService(sessions, StaleSessionPolicy.DEFAULT, clock);

        // 3. Feed accounting the billing system's RADIUS server decoded (here: a Start and an Interim of alice).
        Instant started = NOW.minus(Duration.ofHours(3));
        accounting.track(new TrackAccountingCommand(List.of(
                AccountingEvent.builder(tower, AcctStatusType.START, started)
                        .username("alice")
                        .acctSessionId("81000001")
                        .framedProtocol(1)
                        .callingStationId("00:11:22:33:44:55")
                        .framedIp(IpAddress.parse("10.5.50.100"))
                        .build(),
                AccountingEvent.builder(tower, AcctStatusType.INTERIM_UPDATE, NOW.minusSeconds(60))
                        .username("alice")
                        .acctSessionId("81000001")
                        .framedProtocol(1)
                        .sessionTime(
                                Duration.between(started, NOW.minusSeconds(60)).toSeconds())
                        .inputOctets(1_048_576_000L, 0)
                        .outputOctets(3_145_728_000L % (1L << 32), 3_145_728_000L >> 32)
                        .build())));

        // 4. Call the use cases.
        SessionPage online =
                queries.list(new ListSessionsQuery(ISP, SessionStatusFilter.ACTIVE, null, null, null, 1, 20));
        assertThat(online.total()).isEqualTo(1);
        assertThat(online.sessions().get(0).customer().name()).isEqualTo("Alice Wanjiru");
        assertThat(online.sessions().get(0).session().usage().downloadOctets()).isEqualTo(3_145_728_000L);
        assertThat(online.sessions().get(0).durationSeconds()).isEqualTo(3 * 3600);

        SessionStatistics stats = queries.statistics(new SessionStatisticsQuery(ISP, null));
        assertThat(stats.active()).isEqualTo(1);
        assertThat(stats.activePppoe()).isEqualTo(1);
        assertThat(stats.activeByNas()).singleElement().satisfies(c -> assertThat(c.nasName())
                .isEqualTo("Tower A"));

        TerminationResult result = terminate.terminate(new TerminateSessionCommand(
                ISP, online.sessions().get(0).session().id(), false));
        assertThat(result.closed()).isTrue();
        assertThat(result.session().terminateCause()).isEqualTo(TerminateCause.ADMIN_TERMINATE);
        assertThat(coa.sent).containsExactly("10.10.0.1:1700 disconnect alice");

        assertThat(cleanup.cleanup(CleanupStaleSessionsCommand.of(ISP)).cleanedCount())
                .isZero();
    }
}

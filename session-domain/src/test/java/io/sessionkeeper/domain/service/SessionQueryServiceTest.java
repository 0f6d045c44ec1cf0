package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasSessionCount;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionPage;
import io.sessionkeeper.domain.model.SessionStatistics;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.SessionView;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.GetSessionQuery;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.SessionStatisticsQuery;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionQueryServiceTest {
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final MutableClock clock =
            new MutableClock(T0.plus(Duration.ofHours(3)).plusSeconds(45 * 60 + 30));
    private final SessionQueryService service =
            new SessionQueryService(repository, customers, nasDirectory, tenants, clock);
    private final Nas main = Fixtures.nas("Main Router", "192.0.2.1");
    private final Nas branch = Fixtures.nas("Branch Router", "192.0.2.2");
    private Customer alice;

    @BeforeEach
    void setUp() {
        nasDirectory.save(main);
        nasDirectory.save(branch);
        alice = Fixtures.customer(TENANT, "alice");
        customers.save(alice);
    }

    private void save(Session... sessions) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(sessions));
            return null;
        });
    }

    private ListSessionsQuery query(
            SessionStatusFilter status, CustomerId customer, String search, int page, int size) {
        return new ListSessionsQuery(TENANT, status, customer, null, search, page, size);
    }

    @Test
    void listingCarriesCustomerNasAndLiveDuration() {
        Session live = session(main).username("alice").build();
        save(live);

        SessionPage page = service.list(ListSessionsQuery.firstPage(TENANT));

        assertThat(page.total()).isEqualTo(1);
        SessionView view = page.sessions().get(0);
        assertThat(view.customer()).isEqualTo(alice);
        assertThat(view.nas()).isEqualTo(main);
        assertThat(view.durationSeconds()).isEqualTo(13_530);
        clock.advance(Duration.ofSeconds(30));
        assertThat(service.list(ListSessionsQuery.firstPage(TENANT))
                        .sessions()
                        .get(0)
                        .durationSeconds())
                .isEqualTo(13_560);
    }

    @Test
    void completedSessionDurationIsFinal() {
        save(session(main)
                .stopped(T0.plusSeconds(4 * 3600 + 30 * 60), TerminateCause.fromRadius(1))
                .build());

        assertThat(service.list(ListSessionsQuery.firstPage(TENANT))
                        .sessions()
                        .get(0)
                        .durationSeconds())
                .isEqualTo(16_200);
    }

    @Test
    void customerFilterSelectsByTheCustomersUsername() {
        save(
                session(main).username("alice").build(),
                session(main).acctSessionId("2").username("bob").build());

        SessionPage page = service.list(query(SessionStatusFilter.ALL, alice.id(), null, 1, 20));

        assertThat(page.sessions()).extracting(v -> v.session().username()).containsExactly("alice");
        assertThat(service.list(query(SessionStatusFilter.ALL, CustomerId.random(), null, 1, 20))
                        .total())
                .isZero();
    }

    @Test
    void totalCountsAllMatchesAcrossPages() {
        for (int i = 0; i < 45; i++) {
            save(session(main).acctSessionId("S" + i).start(T0.plusSeconds(i)).build());
        }

        SessionPage third = service.list(query(SessionStatusFilter.ACTIVE, null, null, 3, 20));

        assertThat(third.total()).isEqualTo(45);
        assertThat(third.page()).isEqualTo(3);
        assertThat(third.sessions()).hasSize(5);
        assertThat(service.list(query(SessionStatusFilter.ACTIVE, null, null, 4, 20))
                        .sessions())
                .isEmpty();
    }

    @Test
    void pageSizeIsBounded() {
        assertThatThrownBy(() -> query(SessionStatusFilter.ALL, null, null, 1, 0))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("pageSize");
        assertThatThrownBy(() -> query(SessionStatusFilter.ALL, null, null, 1, 1_000_000_000))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> query(SessionStatusFilter.ALL, null, null, 0, 20))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("page");
    }

    @Test
    void searchIsBoundedAndFreeOfControlCharacters() {
        assertThat(query(SessionStatusFilter.ALL, null, "a".repeat(253), 1, 20).search())
                .hasSize(253);
        assertThatThrownBy(() -> query(SessionStatusFilter.ALL, null, "a".repeat(254), 1, 20))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("search");
        assertThatThrownBy(() -> query(SessionStatusFilter.ALL, null, "alice\u0000", 1, 20))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("search: must not contain control characters");
    }

    @Test
    void getReturnsDetailOrNotFoundForAnotherTenant() {
        Session live = session(main).username("alice").build();
        save(live);

        SessionView view = service.get(new GetSessionQuery(TENANT, live.id()));

        assertThat(view.session()).isEqualTo(live);
        assertThat(view.customer().servicePackage().name()).isEqualTo("10 Mbps Home");
        assertThatThrownBy(() -> service.get(new GetSessionQuery(OTHER_TENANT, live.id())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void statisticsCountActiveByTypeAndNasAndStartsByPeriod() {
        Instant now = clock.instant();
        save(
                session(main)
                        .acctSessionId("1")
                        .type(ConnectionType.PPPOE)
                        .start(now.minusSeconds(60))
                        .build(),
                session(main)
                        .acctSessionId("2")
                        .type(ConnectionType.HOTSPOT)
                        .start(now.minus(Duration.ofDays(2)))
                        .build(),
                session(branch)
                        .acctSessionId("3")
                        .type(ConnectionType.PPPOE)
                        .start(now.minus(Duration.ofDays(10)))
                        .build(),
                session(branch)
                        .acctSessionId("4")
                        .start(now.minus(Duration.ofDays(40)))
                        .stopped(now.minus(Duration.ofDays(39)), TerminateCause.fromRadius(1))
                        .build(),
                session(branch)
                        .acctSessionId("5")
                        .start(now.minusSeconds(30))
                        .stopped(now.minusSeconds(10), TerminateCause.fromRadius(1))
                        .build());

        SessionStatistics stats = service.statistics(new SessionStatisticsQuery(TENANT, null));

        assertThat(stats.active()).isEqualTo(3);
        assertThat(stats.activePppoe()).isEqualTo(2);
        assertThat(stats.activeHotspot()).isEqualTo(1);
        assertThat(stats.startedToday()).isEqualTo(2);
        assertThat(stats.startedLast7Days()).isEqualTo(3);
        assertThat(stats.startedLast30Days()).isEqualTo(4);
        assertThat(stats.activeByNas())
                .containsExactly(
                        new NasSessionCount(main.id(), "Main Router", 2),
                        new NasSessionCount(branch.id(), "Branch Router", 1));
    }

    @Test
    void todayStartsAtLocalMidnightOfTheTenantsZone() {
        clock.set(Instant.parse("2026-01-04T22:30:00Z"));
        save(
                session(main)
                        .acctSessionId("1")
                        .start(Instant.parse("2026-01-04T20:30:00Z"))
                        .build(),
                session(main)
                        .acctSessionId("2")
                        .start(Instant.parse("2026-01-04T22:00:00Z"))
                        .build());

        assertThat(service.statistics(new SessionStatisticsQuery(TENANT, ZoneId.of("UTC")))
                        .startedToday())
                .isEqualTo(2);
        assertThat(service.statistics(new SessionStatisticsQuery(TENANT, ZoneId.of("Africa/Nairobi")))
                        .startedToday())
                .isEqualTo(1);
        assertThat(service.statistics(new SessionStatisticsQuery(TENANT, null)).startedToday())
                .isEqualTo(2);
        tenants.createIfAbsent(new Tenant(TENANT, "Acme", ZoneId.of("Africa/Nairobi")));
        assertThat(service.statistics(new SessionStatisticsQuery(TENANT, null)).startedToday())
                .isEqualTo(1);
    }
}

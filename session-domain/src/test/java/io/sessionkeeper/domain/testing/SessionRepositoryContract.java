package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasPort;
import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.SessionWrites.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionRepository} must do. A subclass supplies an empty repository per test and makes
 * NAS known to the store before sessions refer to them.
 */
public abstract class SessionRepositoryContract {
    private SessionRepository repository;
    protected Nas nas;
    protected Nas otherNas;
    protected Nas foreignNas;

    /** An empty repository; called before each test. */
    protected abstract SessionRepository createRepository();

    /** Makes the NAS (and its tenant) known to the store, for stores that keep referential integrity. */
    protected abstract void registerNas(Nas nas);

    /** The events of the repository's store (where its closes and accounting units record theirs). */
    protected abstract SessionEvents events();

    @BeforeEach
    void setUpContract() {
        repository = createRepository();
        nas = Fixtures.nas("Main Router", "192.0.2.1");
        otherNas = Fixtures.nas("Branch Router", "192.0.2.2");
        foreignNas = Fixtures.nas(OTHER_TENANT, "Foreign Router", "198.51.100.1");
        registerNas(nas);
        registerNas(otherNas);
        registerNas(foreignNas);
    }

    private void save(Session... sessions) {
        repository.writeAtomically(Set.of(), writes -> {
            writes.saveAll(List.of(sessions));
            return null;
        });
    }

    @Test
    void savedSessionIsFoundByIdWithEveryField() {
        Session saved = session(nas)
                .usage(3_145_728_000L, 1_048_576_000L)
                .sessionTime(13_500)
                .lastUpdate(T0.plusSeconds(13_500))
                .interimInterval(Duration.ofSeconds(600))
                .build();
        save(saved);

        assertThat(repository.findById(TENANT, saved.id())).contains(saved);
    }

    @Test
    void theNasOriginalOctetsRoundTripAndStayOnceKnown() {
        OriginalOctets sent = new OriginalOctets(
                Octets.of(new byte[] {'a', 0, 'b', (byte) 0xFF}), Octets.of(new byte[] {'S', 1, (byte) 0xC3}));
        Session clean = session(nas).username("alice").acctSessionId("C1").build();
        Session learnt =
                session(nas).username("a\uFFFDb\uFFFD").acctSessionId("S2").build();
        Session dirty = session(nas)
                .username("a\uFFFDb\uFFFD")
                .acctSessionId("S\uFFFD\uFFFD")
                .original(sent)
                .build();
        save(clean, learnt, dirty);
        Session interim = new Session(
                learnt.id(),
                learnt.tenant(),
                learnt.nasId(),
                learnt.key(),
                learnt.acctSessionId(),
                learnt.username(),
                learnt.framedIp(),
                learnt.macAddress(),
                learnt.connectionType(),
                learnt.startTime(),
                learnt.startSettled(),
                null,
                learnt.lastUpdate().plusSeconds(300),
                learnt.usage(),
                300,
                null,
                NasPort.NONE,
                null,
                new OriginalOctets(Octets.of(new byte[] {'a', 0, 'b', (byte) 0xFF}), null),
                null,
                null);
        save(interim);
        save(session(nas)
                .id(dirty.id())
                .username("a\uFFFDb\uFFFD")
                .acctSessionId("S\uFFFD\uFFFD")
                .build());

        assertThat(repository.findById(TENANT, clean.id()).orElseThrow().original())
                .isNull();
        assertThat(repository.findById(TENANT, dirty.id()).orElseThrow().original())
                .as("kept, and not forgotten by a later save without them")
                .isEqualTo(sent);
        assertThat(repository.findById(TENANT, learnt.id()).orElseThrow().original())
                .as("learnt by a later save")
                .isEqualTo(interim.original());
        assertThat(repository
                        .writeAtomically(Set.of(dirty.key()), writes -> writes.findLatest(Set.of(dirty.key())))
                        .get(dirty.key())
                        .original())
                .isEqualTo(sent);
    }

    @Test
    void closedSessionKeepsStopTimeAndCauseWithOrigin() {
        Session nasStopped = session(nas)
                .stopped(T0.plusSeconds(60), TerminateCause.fromRadius(2))
                .build();
        Session serviceStopped = session(nas)
                .acctSessionId("2")
                .stopped(T0.plusSeconds(90), TerminateCause.NAS_REBOOT)
                .build();
        save(nasStopped, serviceStopped);

        assertThat(repository.findById(TENANT, nasStopped.id())).contains(nasStopped);
        assertThat(repository
                        .findById(TENANT, serviceStopped.id())
                        .orElseThrow()
                        .terminateCause())
                .isEqualTo(TerminateCause.NAS_REBOOT)
                .isNotEqualTo(TerminateCause.fromRadius(11));
    }

    @Test
    void countersAbove32BitsRoundTrip() {
        long big = (5L << 32) + 123;
        Session saved = session(nas).usage(big, big * 2).build();
        save(saved);

        Session found = repository.findById(TENANT, saved.id()).orElseThrow();
        assertThat(found.usage().downloadOctets()).isEqualTo(big);
        assertThat(found.usage().uploadOctets()).isEqualTo(big * 2);
    }

    @Test
    void sessionOfAnotherTenantIsNotFound() {
        Session foreign = session(foreignNas).build();
        save(foreign);

        assertThat(repository.findById(TENANT, foreign.id())).isEmpty();
        assertThat(repository.findById(OTHER_TENANT, foreign.id())).isPresent();
    }

    @Test
    void unknownIdIsNotFound() {
        assertThat(repository.findById(TENANT, SessionId.random())).isEmpty();
    }

    @Test
    void savingNeverMovesCountersOrLastUpdateBackwards() {
        Session first = session(nas)
                .usage(5_000, 7_000)
                .sessionTime(600)
                .lastUpdate(T0.plusSeconds(600))
                .build();
        save(first);
        Session older = session(nas)
                .id(first.id())
                .usage(1_000, 9_000)
                .sessionTime(300)
                .lastUpdate(T0.plusSeconds(300))
                .build();
        save(older);

        Session stored = repository.findById(TENANT, first.id()).orElseThrow();
        assertThat(stored.usage().downloadOctets()).isEqualTo(5_000);
        assertThat(stored.usage().uploadOctets()).isEqualTo(9_000);
        assertThat(stored.sessionTimeSeconds()).isEqualTo(600);
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void aPreparedUnitIsInvisibleUntilCommittedAndDiscardedWhenClosedWithoutCommit() {
        Session first = session(nas).build();
        try (PreparedWrite<String> unit = repository.prepare(Set.of(first.key()), writes -> {
            writes.saveAll(List.of(first));
            return "prepared";
        })) {
            assertThat(unit.result()).isEqualTo("prepared");
            assertThat(repository.findById(TENANT, first.id())).isEmpty();
        }
        assertThat(repository.findById(TENANT, first.id()))
                .as("closed without commit")
                .isEmpty();

        Session second = session(nas).build();
        try (PreparedWrite<Void> unit = repository.prepare(Set.of(second.key()), writes -> {
            writes.saveAll(List.of(second));
            return null;
        })) {
            unit.commit();
        }
        assertThat(repository.findById(TENANT, second.id())).isPresent();
    }

    @Test
    void aUnitOfTheSameKeyPreparedWhileAnotherIsOpenSeesItsWritesOnlyAfterItsCommit() throws Exception {
        Session started = session(nas).usage(10, 10).build();
        PreparedWrite<Void> first = repository.prepare(Set.of(started.key()), writes -> {
            writes.saveAll(List.of(started));
            return null;
        });
        java.util.concurrent.CompletableFuture<Session> second = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> repository.writeAtomically(Set.of(started.key()), writes -> {
                    Session seen = writes.findLatest(Set.of(started.key())).get(started.key());
                    writes.saveAll(
                            List.of(session(nas).id(started.id()).usage(20, 20).build()));
                    return seen;
                }));
        first.commit();
        first.close();

        assertThat(second.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .as("the second unit read the first one's committed session")
                .isNotNull()
                .extracting(Session::id)
                .isEqualTo(started.id());
        assertThat(repository
                        .findById(TENANT, started.id())
                        .orElseThrow()
                        .usage()
                        .downloadOctets())
                .isEqualTo(20);
    }

    @Test
    void aSettledStartIsNotMovedByAnEarlierUnsettledVersion() {
        Session started = session(nas).start(T0).build();
        save(started);
        save(session(nas)
                .id(started.id())
                .unsettledStart(T0.minusSeconds(3600))
                .lastUpdate(T0.plusSeconds(300))
                .build());

        Session stored = repository.findById(TENANT, started.id()).orElseThrow();
        assertThat(stored.startTime()).isEqualTo(T0);
        assertThat(stored.startSettled()).isTrue();
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void anUnsettledStartMovesOnlyForAStartEarlierByMoreThanTheTolerance() {
        Session first =
                session(nas).unsettledStart(T0).lastUpdate(T0.plusSeconds(600)).build();
        save(first);
        save(session(nas)
                .id(first.id())
                .unsettledStart(T0.minus(Session.START_TOLERANCE))
                .lastUpdate(T0.plusSeconds(900))
                .build());
        assertThat(repository.findById(TENANT, first.id()).orElseThrow().startTime())
                .as("within the tolerance")
                .isEqualTo(T0);

        save(session(nas)
                .id(first.id())
                .unsettledStart(T0.minus(Session.START_TOLERANCE).minusSeconds(1))
                .lastUpdate(T0.plusSeconds(1200))
                .build());
        assertThat(repository.findById(TENANT, first.id()).orElseThrow().startTime())
                .isEqualTo(T0.minus(Session.START_TOLERANCE).minusSeconds(1));
    }

    @Test
    void aLateStartSettlesTheEarliestStart() {
        Session implied =
                session(nas).unsettledStart(T0).lastUpdate(T0.plusSeconds(600)).build();
        save(implied);
        save(session(nas).id(implied.id()).start(T0.plusSeconds(5)).build());

        Session stored = repository.findById(TENANT, implied.id()).orElseThrow();
        assertThat(stored.startTime()).isEqualTo(T0);
        assertThat(stored.startSettled()).isTrue();
    }

    @Test
    void savingAnOpenVersionDoesNotReopenAStoppedSession() {
        Session stopped = session(nas)
                .stopped(T0.plusSeconds(100), TerminateCause.ADMIN_TERMINATE)
                .build();
        save(stopped);
        Session openAgain = session(nas)
                .id(stopped.id())
                .usage(10, 10)
                .lastUpdate(T0.plusSeconds(200))
                .build();
        save(openAgain);

        Session stored = repository.findById(TENANT, stopped.id()).orElseThrow();
        assertThat(stored.stopTime()).isEqualTo(T0.plusSeconds(100));
        assertThat(stored.terminateCause()).isEqualTo(TerminateCause.ADMIN_TERMINATE);
        assertThat(stored.usage().downloadOctets())
                .as("a session the service closed still takes the NAS's later counters")
                .isEqualTo(10);
    }

    @Test
    void aSessionStoppedByTheNasKeepsItsFinalCountersAgainstALaterOpenVersion() {
        Session stopped = session(nas)
                .usage(5, 7)
                .sessionTime(100)
                .stopped(T0.plusSeconds(100), TerminateCause.fromRadius(1))
                .build();
        save(stopped);
        save(session(nas)
                .id(stopped.id())
                .usage(50, 70)
                .sessionTime(160)
                .lastUpdate(T0.plusSeconds(160))
                .build());

        Session stored = repository.findById(TENANT, stopped.id()).orElseThrow();
        assertThat(stored.stopTime()).isEqualTo(T0.plusSeconds(100));
        assertThat(stored.usage().downloadOctets()).isEqualTo(5);
        assertThat(stored.usage().uploadOctets()).isEqualTo(7);
        assertThat(stored.sessionTimeSeconds()).isEqualTo(100);
    }

    @Test
    void aNasStopWithoutTerminateCauseIsFinalToo() {
        Session stopped =
                session(nas).usage(5, 7).stopped(T0.plusSeconds(100), null).build();
        save(stopped);
        save(session(nas).id(stopped.id()).usage(50, 70).build());

        assertThat(repository
                        .findById(TENANT, stopped.id())
                        .orElseThrow()
                        .usage()
                        .downloadOctets())
                .isEqualTo(5);
    }

    @Test
    void savingKeepsEarliestStartAndLearnsFramedIp() {
        Session first = session(nas)
                .framedIp(null)
                .start(T0.plusSeconds(5))
                .lastUpdate(T0.plusSeconds(300))
                .build();
        save(first);
        save(session(nas)
                .id(first.id())
                .framedIp("10.0.0.9")
                .start(T0)
                .lastUpdate(T0.plusSeconds(600))
                .build());

        Session stored = repository.findById(TENANT, first.id()).orElseThrow();
        assertThat(stored.startTime()).isEqualTo(T0);
        assertThat(stored.framedIp()).hasToString("10.0.0.9");
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void theIpv6AddressAndPrefixesAreStoredEachKeptWhenALaterVersionSaysNoneAndReplacedWhenItSaysAnother() {
        Session first = session(nas)
                .ipv6("2001:db8::7", "2001:db8:1::/64", "2001:db8:100::/56")
                .lastUpdate(T0.plusSeconds(60))
                .build();
        save(first);
        assertThat(repository.findById(TENANT, first.id()).orElseThrow().ipv6()).isEqualTo(first.ipv6());

        save(session(nas).id(first.id()).lastUpdate(T0.plusSeconds(300)).build());
        assertThat(repository.findById(TENANT, first.id()).orElseThrow().ipv6())
                .as("an interim without IPv6 attributes keeps them")
                .isEqualTo(first.ipv6());

        save(session(nas)
                .id(first.id())
                .ipv6(null, null, "2001:db8:200::/57")
                .lastUpdate(T0.plusSeconds(600))
                .build());
        Session stored = repository.findById(TENANT, first.id()).orElseThrow();
        assertThat(stored.ipv6().address())
                .hasToString(IpAddress.parse("2001:db8::7").toString());
        assertThat(stored.ipv6().framedPrefix()).isEqualTo(first.ipv6().framedPrefix());
        assertThat(stored.ipv6().delegatedPrefix()).hasToString("2001:db8:200:0:0:0:0:0/57");
    }

    @Test
    void theNasInterimIntervalIsKeptWhenALaterVersionSaysNoneAndReplacedWhenItSaysAnother() {
        Session first = session(nas).interimInterval(Duration.ofSeconds(60)).build();
        save(first);
        save(session(nas).id(first.id()).lastUpdate(T0.plusSeconds(60)).build());

        assertThat(repository.findById(TENANT, first.id()).orElseThrow().interimInterval())
                .isEqualTo(Duration.ofSeconds(60));
        // the accounting unit's own read (by column position in PostgreSQL) sees it too
        assertThat(repository
                        .writeAtomically(Set.of(first.key()), writes -> writes.findLatest(Set.of(first.key())))
                        .get(first.key())
                        .interimInterval())
                .isEqualTo(Duration.ofSeconds(60));

        save(session(nas)
                .id(first.id())
                .lastUpdate(T0.plusSeconds(120))
                .interimInterval(Duration.ofSeconds(300))
                .build());
        assertThat(repository.findById(TENANT, first.id()).orElseThrow().interimInterval())
                .isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void findLatestReturnsNewestSessionPerKey() {
        Session old = session(nas)
                .start(T0)
                .stopped(T0.plusSeconds(60), TerminateCause.fromRadius(1))
                .build();
        Session reused = session(nas).start(T0.plusSeconds(3600)).build();
        Session otherKey = session(nas).acctSessionId("OTHER").build();
        save(old, reused, otherKey);
        SessionKey unknown = SessionKey.derive(nas.id(), "nobody", "X", null, null);

        Map<SessionKey, Session> latest = repository.writeAtomically(
                Set.of(old.key(), unknown), writes -> writes.findLatest(Set.of(old.key(), unknown)));

        assertThat(latest).containsOnlyKeys(old.key());
        assertThat(latest.get(old.key()).id()).isEqualTo(reused.id());
    }

    @Test
    void findOpenOfDevicesMatchesTenantNasUserAndMac() {
        Session match = session(nas).username("alice").mac("AA:BB:CC:00:00:01").build();
        Session closed = session(nas)
                .acctSessionId("2")
                .username("alice")
                .mac("AA:BB:CC:00:00:01")
                .stopped(T0.plusSeconds(5), TerminateCause.fromRadius(1))
                .build();
        Session otherMac = session(nas)
                .acctSessionId("3")
                .username("alice")
                .mac("AA:BB:CC:00:00:02")
                .build();
        Session otherNasSession =
                session(otherNas).username("alice").mac("AA:BB:CC:00:00:01").build();
        save(match, closed, otherMac, otherNasSession);
        Device device = new Device(TENANT, nas.id(), "alice", MacAddress.parse("aa-bb-cc-00-00-01"));

        List<Session> open = repository.writeAtomically(Set.of(), writes -> writes.findOpenOfDevices(List.of(device)));

        assertThat(open).extracting(Session::id).containsExactly(match.id());
    }

    @Test
    void failedUnitOfWorkLeavesNothingBehind() {
        Session doomed = session(nas).build();
        assertThatThrownBy(() -> repository.writeAtomically(Set.of(doomed.key()), writes -> {
                    writes.saveAll(List.of(doomed));
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(repository.findById(TENANT, doomed.id())).isEmpty();
    }

    @Test
    void listingIsNewestFirstWithStableTiesAndPages() {
        List<Session> saved = new ArrayList<>();
        IntStream.range(0, 7)
                .forEach(i -> saved.add(session(nas)
                        .acctSessionId("S" + i)
                        .start(T0.plusSeconds(i < 4 ? 0 : i))
                        .build()));
        save(saved.toArray(Session[]::new));
        List<Session> expected =
                saved.stream().sorted(InMemorySessionRepository.LISTING_ORDER).toList();

        SessionFilter all = SessionFilter.all(TENANT);
        assertThat(repository.count(all)).isEqualTo(7);
        assertThat(repository.find(all, 0, 3)).isEqualTo(expected.subList(0, 3));
        assertThat(repository.find(all, 3, 3)).isEqualTo(expected.subList(3, 6));
        assertThat(repository.find(all, 6, 3)).isEqualTo(expected.subList(6, 7));
        assertThat(repository.find(all, 9, 3)).isEmpty();
    }

    @Test
    void aCountedPageIsTheFoundPageAndTheCountOfEveryFilter() {
        List<Session> saved = new ArrayList<>();
        IntStream.range(0, 7).forEach(i -> {
            var builder = session(i % 3 == 0 ? otherNas : nas)
                    .acctSessionId("S" + i)
                    .username(i < 5 ? "alice" + i % 2 : "bob")
                    .start(T0.plusSeconds(i < 4 ? 0 : i));
            if (i % 2 == 0) {
                builder.stopped(T0.plusSeconds(60 + i), TerminateCause.fromRadius(1));
            }
            saved.add(builder.build());
        });
        save(saved.toArray(Session[]::new));

        List<SessionFilter> filters = List.of(
                SessionFilter.all(TENANT),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, "alice1", null, null),
                new SessionFilter(TENANT, SessionStatusFilter.COMPLETED, "alice0", nas.id(), null),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, "ALI"),
                new SessionFilter(TENANT, SessionStatusFilter.ACTIVE, null, null, "alice"),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, "nobody"),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, otherNas.id(), "s3"),
                new SessionFilter(TENANT, SessionStatusFilter.COMPLETED, null, null, "S4"),
                new SessionFilter(
                        TENANT,
                        SessionStatusFilter.ALL,
                        null,
                        null,
                        saved.get(5).id().toString()),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, "%"),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, "_lice"),
                new SessionFilter(TENANT, SessionStatusFilter.ALL, "alice1", null, "al"),
                new SessionFilter(
                        TENANT,
                        SessionStatusFilter.ALL,
                        null,
                        null,
                        "a",
                        new TimeWindow(T0.plusSeconds(4), T0.plusSeconds(100), false)));
        for (SessionFilter filter : filters) {
            long count = repository.count(filter);
            for (long offset : new long[] {0, 1, 2, 4, 9}) {
                var found = repository.findCounted(filter, offset, 2);
                assertThat(found.total()).as("%s from %d", filter, offset).isEqualTo(count);
                assertThat(found.page()).as("%s from %d", filter, offset).isEqualTo(repository.find(filter, offset, 2));
            }
        }
        assertThat(repository.findCounted(filters.get(3), 0, 100).total()).isEqualTo(5);
        assertThat(repository.findCounted(filters.get(3), 3, 100).page())
                .hasSize(2)
                .isEqualTo(saved.stream()
                        .filter(s -> s.username().startsWith("alice"))
                        .sorted(InMemorySessionRepository.LISTING_ORDER)
                        .skip(3)
                        .toList());
    }

    @Test
    void listingFiltersByStatusUsernameAndNas() {
        Session active = session(nas).username("alice").build();
        Session completed = session(nas)
                .acctSessionId("2")
                .username("bob")
                .stopped(T0.plusSeconds(10), TerminateCause.fromRadius(1))
                .build();
        Session elsewhere =
                session(otherNas).acctSessionId("3").username("alice").build();
        Session foreign = session(foreignNas).username("alice").build();
        save(active, completed, elsewhere, foreign);

        assertThat(ids(new SessionFilter(TENANT, SessionStatusFilter.ACTIVE, null, null, null)))
                .containsExactlyInAnyOrder(active.id(), elsewhere.id());
        assertThat(ids(new SessionFilter(TENANT, SessionStatusFilter.COMPLETED, null, null, null)))
                .containsExactly(completed.id());
        assertThat(ids(new SessionFilter(TENANT, SessionStatusFilter.ALL, "alice", null, null)))
                .containsExactlyInAnyOrder(active.id(), elsewhere.id());
        assertThat(ids(new SessionFilter(TENANT, SessionStatusFilter.ALL, null, otherNas.id(), null)))
                .containsExactly(elsewhere.id());
        assertThat(repository.count(new SessionFilter(TENANT, SessionStatusFilter.ACTIVE, "alice", nas.id(), null)))
                .isEqualTo(1);
    }

    @Test
    void searchMatchesUsernamePrefixSessionIdFramedIpAndPublicId() {
        Session alice = session(nas)
                .username("Alice.Smith")
                .acctSessionId("8100001A")
                .framedIp("10.5.50.100")
                .build();
        Session bob = session(nas)
                .username("bob")
                .acctSessionId("8100001B")
                .framedIp("10.5.50.101")
                .build();
        Session malice = session(nas)
                .username("malice")
                .acctSessionId("8100001C")
                .framedIp(null)
                .build();
        save(alice, bob, malice);

        assertThat(searched("alice")).containsExactly(alice.id());
        assertThat(searched("ALI")).containsExactly(alice.id());
        assertThat(searched("8100001b")).containsExactly(bob.id());
        assertThat(searched("8100001")).isEmpty();
        assertThat(searched("10.5.50.101")).containsExactly(bob.id());
        assertThat(searched("10.5.50.10")).isEmpty();
        assertThat(searched(malice.id().toString())).containsExactly(malice.id());
        assertThat(searched("%")).isEmpty();
        assertThat(searched("_lice")).isEmpty();
    }

    private List<SessionId> searched(String term) {
        return ids(new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, term));
    }

    private List<SessionId> ids(SessionFilter filter) {
        return repository.find(filter, 0, 100).stream().map(Session::id).toList();
    }

    @Test
    void activeCountsByTypeAndNasStayWithinTenant() {
        save(
                session(nas).type(ConnectionType.PPPOE).build(),
                session(nas).acctSessionId("2").type(ConnectionType.HOTSPOT).build(),
                session(otherNas).acctSessionId("3").type(ConnectionType.OTHER).build(),
                session(otherNas)
                        .acctSessionId("4")
                        .type(ConnectionType.PPPOE)
                        .stopped(T0.plusSeconds(1), TerminateCause.fromRadius(1))
                        .build(),
                session(foreignNas).type(ConnectionType.PPPOE).build());

        ActiveSessionCounts counts = repository.countActive(TENANT);

        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.pppoe()).isEqualTo(1);
        assertThat(counts.hotspot()).isEqualTo(1);
        assertThat(counts.byNas()).containsOnly(Map.entry(nas.id(), 2L), Map.entry(otherNas.id(), 1L));
    }

    @Test
    void startedSinceCountsEveryStateAtInclusiveBoundaries() {
        save(
                session(nas)
                        .acctSessionId("1")
                        .start(T0.minus(Duration.ofDays(20)))
                        .build(),
                session(nas)
                        .acctSessionId("2")
                        .start(T0.minus(Duration.ofDays(3)))
                        .stopped(T0.minus(Duration.ofDays(2)), TerminateCause.fromRadius(1))
                        .build(),
                session(nas).acctSessionId("3").start(T0).build(),
                session(foreignNas).start(T0).build());

        assertThat(repository.countStartedSince(
                        TENANT,
                        List.of(T0, T0.minus(Duration.ofDays(7)), T0.minus(Duration.ofDays(30)), T0.plusSeconds(1))))
                .containsExactly(1L, 2L, 3L, 0L);
    }

    @Test
    void closeEndsAnOpenSessionOnceAndNeverBeforeItsStart() {
        Session open = session(nas).lastUpdate(T0.plusSeconds(100)).build();
        save(open);

        Session closed = repository
                .close(TENANT, open.id(), T0.minusSeconds(5), TerminateCause.ADMIN_TERMINATE)
                .orElseThrow();

        assertThat(closed.stopTime()).isEqualTo(T0);
        assertThat(closed.terminateCause()).isEqualTo(TerminateCause.ADMIN_TERMINATE);
        assertThat(repository.findById(TENANT, open.id())).contains(closed);
        assertThat(repository.close(TENANT, open.id(), T0.plusSeconds(500), TerminateCause.ADMIN_TERMINATE))
                .isEmpty();
        assertThat(repository.close(OTHER_TENANT, open.id(), T0, TerminateCause.ADMIN_TERMINATE))
                .isEmpty();
    }

    @Test
    void closeOpenOfNasWorksInBoundedBatchesAndSparesLaterSessions() {
        List<Session> before = new ArrayList<>();
        IntStream.range(0, 5)
                .forEach(i -> before.add(session(nas).acctSessionId("B" + i).build()));
        Session later =
                session(nas).acctSessionId("LATER").start(T0.plusSeconds(120)).build();
        Session otherNasSession = session(otherNas).build();
        before.add(later);
        before.add(otherNasSession);
        save(before.toArray(Session[]::new));
        Instant reboot = T0.plusSeconds(60);

        assertThat(repository.closeOpenOfNas(nas.id(), reboot, reboot, TerminateCause.NAS_REBOOT, 2))
                .isEqualTo(2);
        assertThat(repository.closeOpenOfNas(nas.id(), reboot, reboot, TerminateCause.NAS_REBOOT, 2))
                .isEqualTo(2);
        assertThat(repository.closeOpenOfNas(nas.id(), reboot, reboot, TerminateCause.NAS_REBOOT, 2))
                .isEqualTo(1);
        assertThat(repository.closeOpenOfNas(nas.id(), reboot, reboot, TerminateCause.NAS_REBOOT, 2))
                .isZero();

        assertThat(repository.findById(TENANT, before.get(0).id()).orElseThrow())
                .extracting(Session::stopTime, Session::terminateCause)
                .containsExactly(reboot, TerminateCause.NAS_REBOOT);
        assertThat(repository.findById(TENANT, later.id()).orElseThrow().isActive())
                .isTrue();
        assertThat(repository
                        .findById(TENANT, otherNasSession.id())
                        .orElseThrow()
                        .isActive())
                .isTrue();
    }

    @Test
    void closeStaleUsesLastSeenTimeAndRespectsTenantAndLimit() {
        Instant cutoff = T0.plus(Duration.ofDays(2));
        Session longButAlive = session(nas)
                .acctSessionId("ALIVE")
                .lastUpdate(cutoff.plusSeconds(1))
                .build();
        Session staleOne =
                session(nas).acctSessionId("S1").lastUpdate(T0.plusSeconds(300)).build();
        Session staleTwo = session(otherNas)
                .acctSessionId("S2")
                .lastUpdate(T0.plusSeconds(600))
                .build();
        Session foreignStale = session(foreignNas).lastUpdate(T0).build();
        save(longButAlive, staleOne, staleTwo, foreignStale);

        assertThat(repository.closeStale(TENANT, cutoff, cutoff, 1)).isEqualTo(1);
        assertThat(repository.closeStale(TENANT, cutoff, cutoff, 10)).isEqualTo(1);
        assertThat(repository.closeStale(TENANT, cutoff, cutoff, 10)).isZero();

        assertThat(repository.findById(TENANT, staleOne.id()).orElseThrow())
                .extracting(Session::stopTime, Session::terminateCause)
                .containsExactly(T0.plusSeconds(300), TerminateCause.STALE_SESSION_CLEANUP);
        assertThat(repository.findById(TENANT, longButAlive.id()).orElseThrow().isActive())
                .isTrue();
        assertThat(repository
                        .findById(OTHER_TENANT, foreignStale.id())
                        .orElseThrow()
                        .isActive())
                .isTrue();
        assertThat(repository.closeStale(null, cutoff, cutoff, 10)).isEqualTo(1);
        assertThat(repository
                        .findById(OTHER_TENANT, foreignStale.id())
                        .orElseThrow()
                        .isActive())
                .isFalse();
    }

    /**
     * A window keeps what started in it; with overlap, also what started before it and still ran at its start. Its
     * start is included, its end is not; a session that stopped exactly at the start did not run in it.
     */
    @Test
    void listingFiltersByTimeWindowStartedInOrOverlapping() {
        Instant jan1 = Instant.parse("2026-01-01T00:00:00Z");
        Instant feb1 = Instant.parse("2026-02-01T00:00:00Z");
        Session acrossMidnight = session(nas)
                .acctSessionId("W1")
                .start(jan1.minusSeconds(3600))
                .stopped(jan1.plusSeconds(3600), TerminateCause.fromRadius(1))
                .build();
        Session atTheStart = session(nas).acctSessionId("W2").start(jan1).build();
        Session lastSecond =
                session(nas).acctSessionId("W3").start(feb1.minusSeconds(1)).build();
        Session atTheEnd = session(nas).acctSessionId("W4").start(feb1).build();
        Session before = session(nas)
                .acctSessionId("W5")
                .start(jan1.minus(Duration.ofDays(2)))
                .stopped(jan1.minus(Duration.ofDays(1)), TerminateCause.fromRadius(1))
                .build();
        Session openSinceDecember = session(nas)
                .acctSessionId("W6")
                .start(jan1.minus(Duration.ofDays(31)))
                .build();
        Session stoppedAtTheStart = session(nas)
                .acctSessionId("W7")
                .start(jan1.minusSeconds(600))
                .stopped(jan1, TerminateCause.fromRadius(1))
                .build();
        Session foreign = session(foreignNas).acctSessionId("W8").start(jan1).build();
        save(acrossMidnight, atTheStart, lastSecond, atTheEnd, before, openSinceDecember, stoppedAtTheStart, foreign);

        assertThat(windowed(new TimeWindow(jan1, feb1, false))).containsExactly(lastSecond.id(), atTheStart.id());
        assertThat(windowed(new TimeWindow(jan1, feb1, true)))
                .containsExactly(lastSecond.id(), atTheStart.id(), acrossMidnight.id(), openSinceDecember.id());
        assertThat(windowed(new TimeWindow(jan1, null, false)))
                .containsExactly(atTheEnd.id(), lastSecond.id(), atTheStart.id());
        assertThat(windowed(new TimeWindow(null, jan1, false)))
                .containsExactly(stoppedAtTheStart.id(), acrossMidnight.id(), before.id(), openSinceDecember.id());
        assertThat(windowedCount(new TimeWindow(jan1, feb1, false))).isEqualTo(2);
        assertThat(windowedCount(new TimeWindow(jan1, null, false))).isEqualTo(3);
        assertThat(windowedCount(new TimeWindow(null, jan1, false))).isEqualTo(4);
        assertThat(windowedCount(new TimeWindow(jan1.plusSeconds(1), feb1.minusSeconds(1), false)))
                .as("bounds inside quarter hours")
                .isZero();
        assertThat(windowedCount(new TimeWindow(jan1.minusSeconds(600), jan1.minusSeconds(599), false)))
                .as("both bounds inside one quarter hour")
                .isEqualTo(1);
        assertThat(windowedCount(new TimeWindow(jan1.minusSeconds(3601), feb1.minusSeconds(1), false)))
                .as("a partial quarter hour at each end: the start's counted, the end's left out")
                .isEqualTo(3);
        SessionFilter overlapping =
                new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, null, new TimeWindow(jan1, feb1, true));
        assertThat(repository.count(overlapping)).isEqualTo(4);
        SessionFilter activeOverlapping = new SessionFilter(
                TENANT, SessionStatusFilter.ACTIVE, null, nas.id(), null, new TimeWindow(jan1, feb1, true));
        assertThat(repository.count(activeOverlapping)).isEqualTo(3);
    }

    private long windowedCount(TimeWindow window) {
        return repository.count(new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, null, window));
    }

    private List<SessionId> windowed(TimeWindow window) {
        return ids(new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, null, window));
    }

    @Test
    void closingTheOpenSessionsOfANasRecordsNasRebootedForExactlyThoseItClosed() {
        Session open = session(nas).acctSessionId("OPEN").build();
        Session stopped = session(nas)
                .acctSessionId("STOPPED")
                .stopped(T0.plusSeconds(30), TerminateCause.fromRadius(1))
                .build();
        Session later =
                session(nas).acctSessionId("LATER").start(T0.plusSeconds(120)).build();
        Session ofOtherNas = session(otherNas).build();
        save(open, stopped, later, ofOtherNas);
        Instant reboot = T0.plusSeconds(60);

        repository.closeOpenOfNas(nas.id(), reboot, reboot, TerminateCause.NAS_REBOOT, 10);

        assertThat(events().of(TENANT, open.id(), 0, 10))
                .containsExactly(new SessionEvent(TENANT, open.id(), reboot, new SessionEvent.NasRebooted()));
        for (Session untouched : List.of(stopped, later, ofOtherNas)) {
            assertThat(events().of(TENANT, untouched.id(), 0, 10)).isEmpty();
        }
    }

    @Test
    void closingStaleSessionsRecordsClosedAsStaleAtTheTimeOfTheCleanupForEach() {
        Instant cutoff = T0.plus(Duration.ofDays(1));
        Instant cleanup = cutoff.plus(Duration.ofDays(1));
        Session stale = session(nas)
                .acctSessionId("STALE")
                .lastUpdate(T0.plusSeconds(300))
                .build();
        Session alive = session(nas)
                .acctSessionId("ALIVE")
                .lastUpdate(cutoff.plusSeconds(1))
                .build();
        save(stale, alive);

        repository.closeStale(null, cutoff, cleanup, 10);
        repository.closeStale(null, cutoff, cleanup.plusSeconds(60), 10);

        assertThat(events().of(TENANT, stale.id(), 0, 10))
                .containsExactly(new SessionEvent(TENANT, stale.id(), cleanup, new SessionEvent.ClosedAsStale()));
        assertThat(events().of(TENANT, alive.id(), 0, 10)).isEmpty();
    }

    @Test
    void eventsRecordedInAUnitAreStoredAtItsCommitAndNotWhenItIsDiscarded() {
        Session session = session(nas).build();
        SessionEvent changed = new SessionEvent(
                TENANT,
                session.id(),
                T0.plusSeconds(300),
                new SessionEvent.IpChanged(
                        io.sessionkeeper.domain.model.IpAddress.parse("10.0.0.1"),
                        io.sessionkeeper.domain.model.IpAddress.parse("10.0.0.2")));

        try (PreparedWrite<Void> discarded = repository.prepare(Set.of(session.key()), writes -> {
            writes.saveAll(List.of(session));
            writes.recordEvents(List.of(changed));
            return null;
        })) {
            assertThat(discarded.result()).isNull();
        }
        assertThat(events().of(TENANT, session.id(), 0, 10)).isEmpty();

        repository.writeAtomically(Set.of(session.key()), writes -> {
            writes.saveAll(List.of(session));
            writes.recordEvents(List.of(changed));
            return null;
        });
        assertThat(events().of(TENANT, session.id(), 0, 10)).containsExactly(changed);
    }

    @Test
    void aSupersededEventIsKeptOnlyIfTheSessionStandsClosedAsSuperseded() {
        Session superseded = session(nas).acctSessionId("S1").build();
        Session closedFirst = session(nas).acctSessionId("S2").build();
        save(superseded, closedFirst);
        repository.close(TENANT, closedFirst.id(), T0.plusSeconds(10), TerminateCause.STALE_SESSION_CLEANUP);
        Instant at = T0.plusSeconds(900);
        SessionId successor = SessionId.random();

        repository.writeAtomically(Set.of(), writes -> {
            writes.saveAll(List.of(
                    superseded.closed(superseded.lastUpdate(), TerminateCause.SUPERSEDED),
                    closedFirst.closed(closedFirst.lastUpdate(), TerminateCause.SUPERSEDED)));
            writes.recordEvents(List.of(
                    new SessionEvent(TENANT, superseded.id(), at, new SessionEvent.Superseded(successor)),
                    new SessionEvent(TENANT, closedFirst.id(), at, new SessionEvent.Superseded(successor))));
            return null;
        });

        assertThat(events().of(TENANT, superseded.id(), 0, 10))
                .containsExactly(new SessionEvent(TENANT, superseded.id(), at, new SessionEvent.Superseded(successor)));
        assertThat(events().of(TENANT, closedFirst.id(), 0, 10)).isEmpty();
        assertThat(repository.findById(TENANT, closedFirst.id()).orElseThrow().terminateCause())
                .isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
    }
}

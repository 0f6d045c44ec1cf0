package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionWrites.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PostgresSessionRepositoryTest {
    private static final TenantId OTHER_TENANT = TenantId.of("other-isp");
    private static final NasId NAS_A = new NasId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final NasId NAS_B = new NasId(UUID.fromString("00000000-0000-0000-0000-00000000000b"));
    private static final long FIVE_GB = 5L * 1024 * 1024 * 1024;

    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private void save(Session... sessions) {
        Set<SessionKey> keys = new LinkedHashSet<>();
        for (Session s : sessions) {
            keys.add(s.key());
        }
        repository.writeAtomically(keys, writes -> {
            writes.saveAll(List.of(sessions));
            return null;
        });
    }

    private Session stored(Session session) {
        return repository.findById(session.tenant(), session.id()).orElseThrow();
    }

    @Nested
    class Writes {
        @Test
        void storesAndReadsBackEveryAttribute() {
            Session full = session()
                    .framedIp("100.64.1.17")
                    .mac("aa-bb-cc-dd-ee-0f")
                    .type(ConnectionType.HOTSPOT)
                    .hostIp("2001:db8::17")
                    .calledStationId("hotspot1")
                    .rateLimit("10M/20M")
                    .usage(new Usage(FIVE_GB, 3L << 32, 123_456, 654_321))
                    .sessionTime(3_600)
                    .lastUpdate(T0.plusSeconds(3_600))
                    .stopped(T0.plusSeconds(3_700), TerminateCause.fromRadius(2))
                    .build();

            save(full);

            assertThat(stored(full)).isEqualTo(full);
            assertThat(stored(full).macAddress()).isEqualTo(MacAddress.parse("AA:BB:CC:DD:EE:0F"));
        }

        @Test
        void keepsSixtyFourBitCountersAboveTwoToThe32() {
            Session big = session()
                    .usage(new Usage((1L << 32) + 5, (1L << 40) + 7, 1L << 33, 9))
                    .build();

            save(big);

            assertThat(stored(big).usage()).isEqualTo(new Usage((1L << 32) + 5, (1L << 40) + 7, 1L << 33, 9));
            assertThat(repository
                            .find(SessionFilter.all(TenantId.DEFAULT), 0, 10)
                            .get(0)
                            .usage()
                            .downloadOctets())
                    .isGreaterThan(4_294_967_296L);
        }

        @Test
        void staleCopyNeverMovesCountersSessionTimeOrLastUpdateBack() {
            Session early = session().usage(100, 50).sessionTime(60).build();
            Session later = TestSessions.of(early)
                    .usage(FIVE_GB, 900)
                    .sessionTime(600)
                    .lastUpdate(T0.plusSeconds(600))
                    .build();
            save(early);
            save(later);

            save(early);

            Session now = stored(early);
            assertThat(now.usage()).isEqualTo(later.usage());
            assertThat(now.sessionTimeSeconds()).isEqualTo(600);
            assertThat(now.lastUpdate()).isEqualTo(T0.plusSeconds(600));
        }

        @Test
        void zeroCountersOnAStopDoNotWipeRecordedUsage() {
            Session interim = session()
                    .usage(FIVE_GB, 777)
                    .lastUpdate(T0.plusSeconds(300))
                    .build();
            save(interim);

            save(TestSessions.of(interim)
                    .usage(Usage.ZERO)
                    .stopped(T0.plusSeconds(400), TerminateCause.fromRadius(1))
                    .build());

            Session now = stored(interim);
            assertThat(now.usage()).isEqualTo(interim.usage());
            assertThat(now.stopTime()).isEqualTo(T0.plusSeconds(400));
        }

        @Test
        void startIsTheEarliestSeen() {
            Session fromInterim = session().start(T0.plusSeconds(30)).build();
            save(fromInterim);

            save(TestSessions.of(fromInterim).start(T0).lastUpdate(T0).build());

            assertThat(stored(fromInterim).startTime()).isEqualTo(T0);
            assertThat(stored(fromInterim).lastUpdate()).isEqualTo(T0.plusSeconds(30));
        }

        @Test
        void stoppedSessionStaysStoppedWithItsFirstStopAndCause() {
            Session open = session().build();
            Session stopped = TestSessions.of(open)
                    .usage(10, 10)
                    .stopped(T0.plusSeconds(100), TerminateCause.fromRadius(1))
                    .build();
            save(open);
            save(stopped);

            save(TestSessions.of(open)
                    .usage(20, 20)
                    .lastUpdate(T0.plusSeconds(200))
                    .build());
            save(TestSessions.of(open)
                    .stopped(T0.plusSeconds(300), TerminateCause.STALE_SESSION_CLEANUP)
                    .build());

            Session now = stored(open);
            assertThat(now.stopTime()).isEqualTo(T0.plusSeconds(100));
            assertThat(now.terminateCause()).isEqualTo(TerminateCause.fromRadius(1));
            assertThat(now.usage())
                    .as("the NAS's own Stop made its counters final")
                    .isEqualTo(new Usage(10, 10, 0, 0));
            assertThat(now.lastUpdate()).isEqualTo(T0.plusSeconds(200));
        }

        @Test
        void optionalAttributesAreLearntWhenPresentAndNeverForgotten() {
            Session start = session().build();
            save(start);

            save(TestSessions.of(start).framedIp("10.1.2.3").rateLimit("5M/5M").build());
            save(start);

            Session now = stored(start);
            assertThat(now.framedIp()).hasToString("10.1.2.3");
            assertThat(now.rateLimit()).isEqualTo("5M/5M");
        }

        @Test
        void aStoredSessionEqualsTheDomainMergeOfWhatWasWritten() {
            Session first = session()
                    .usage(10, 500)
                    .sessionTime(50)
                    .start(T0.plusSeconds(10))
                    .lastUpdate(T0.plusSeconds(60))
                    .framedIp("10.0.0.1")
                    .build();
            Session second = TestSessions.of(first)
                    .usage(new Usage(700, 20, 3, 4))
                    .sessionTime(40)
                    .start(T0)
                    .lastUpdate(T0.plusSeconds(50))
                    .framedIp(null)
                    .mac("00:11:22:33:44:55")
                    .stopped(T0.plusSeconds(55), TerminateCause.fromRadius(4))
                    .build();
            save(first);

            save(second);

            assertThat(stored(first)).isEqualTo(first.mergedWith(second));
        }

        @Test
        void twoVersionsOfOneSessionInABatchAreMerged() {
            Session a = session().usage(10, 0).build();
            Session b = TestSessions.of(a)
                    .usage(5, 99)
                    .lastUpdate(T0.plusSeconds(9))
                    .build();

            save(a, b);

            assertThat(stored(a)).isEqualTo(a.mergedWith(b));
        }

        @Test
        void supersedingAndReopeningOneKeyInOneBatchKeepsOneOpenSession() {
            Session old = session().build();
            save(old);
            Session closedOld = old.closed(T0.plusSeconds(60), TerminateCause.SUPERSEDED);
            Session successor = session().start(T0.plusSeconds(3_600)).build();
            assertThat(successor.key()).isEqualTo(old.key());

            save(successor, closedOld);

            assertThat(stored(old).isActive()).isFalse();
            assertThat(stored(successor).isActive()).isTrue();
        }

        @Test
        void aSecondOpenSessionOfOneKeyIsRefused() {
            save(session().build());

            assertThatThrownBy(() -> save(session().start(T0.plusSeconds(10)).build()))
                    .isInstanceOf(StoreRejectedDataException.class)
                    .hasMessageContaining("23505")
                    .hasMessageContaining("sessions_open_key_uk");
        }

        @Test
        void causesSetByTheServiceStayDistinguishableFromCausesOfTheNas() {
            Session byService = session()
                    .username("u1")
                    .stopped(T0.plusSeconds(1), TerminateCause.NAS_REBOOT)
                    .build();
            Session byNas = session()
                    .username("u2")
                    .stopped(T0.plusSeconds(1), TerminateCause.fromRadius(11))
                    .build();

            save(byService, byNas);

            assertThat(stored(byService).terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
            assertThat(stored(byNas).terminateCause())
                    .isEqualTo(new TerminateCause("NAS-Reboot", 11, TerminateCause.Origin.NAS));
        }

        @Test
        void nanosecondsAreCutToMicroseconds() {
            Session precise = session().start(T0.plusNanos(123_456_789)).build();

            save(precise);

            assertThat(stored(precise).startTime()).isEqualTo(T0.plusNanos(123_456_000));
        }

        @Test
        void aFailingUnitWritesNothing() {
            Session s = session().build();

            assertThatThrownBy(() -> repository.writeAtomically(Set.of(s.key()), writes -> {
                        writes.saveAll(List.of(s));
                        throw new IllegalStateException("boom");
                    }))
                    .hasMessage("boom");

            assertThat(repository.findById(s.tenant(), s.id())).isEmpty();
        }
    }

    @Nested
    class ReadsInsideAUnit {
        @Test
        void findLatestGivesTheNewestSessionOfEachKeyOpenOrClosed() {
            Session oldClosed = session()
                    .stopped(T0.plusSeconds(10), TerminateCause.fromRadius(1))
                    .build();
            Session newerOpen = session().start(T0.plusSeconds(7_200)).build();
            Session otherKeyClosed = session()
                    .acctSessionId("X2")
                    .stopped(T0.plusSeconds(5), TerminateCause.fromRadius(1))
                    .build();
            save(oldClosed, otherKeyClosed);
            save(newerOpen);
            SessionKey unknown = SessionKey.derive(NAS_A, "nobody", "1", null, null);

            Map<SessionKey, Session> latest = repository.writeAtomically(
                    Set.of(newerOpen.key(), otherKeyClosed.key(), unknown),
                    writes -> writes.findLatest(Set.of(newerOpen.key(), otherKeyClosed.key(), unknown)));

            assertThat(latest).containsOnlyKeys(newerOpen.key(), otherKeyClosed.key());
            assertThat(latest.get(newerOpen.key())).isEqualTo(newerOpen);
            assertThat(latest.get(otherKeyClosed.key())).isEqualTo(otherKeyClosed);
        }

        @Test
        void findOpenOfDevicesMatchesTenantNasUserAndMac() {
            String mac = "AA:BB:CC:00:00:01";
            Session match = session().mac(mac).acctSessionId("1").build();
            Session otherMac =
                    session().mac("AA:BB:CC:00:00:02").acctSessionId("2").build();
            Session otherNas = session().mac(mac).nas(NAS_B).acctSessionId("3").build();
            Session otherUser =
                    session().mac(mac).username("bob").acctSessionId("4").build();
            Session otherTenant =
                    session().mac(mac).tenant(OTHER_TENANT).acctSessionId("5").build();
            Session closed = session()
                    .mac(mac)
                    .acctSessionId("6")
                    .stopped(T0.plusSeconds(1), TerminateCause.fromRadius(1))
                    .build();
            save(match, otherMac, otherNas, otherUser, otherTenant, closed);
            Device device = new Device(TenantId.DEFAULT, match.nasId(), "alice", MacAddress.parse("aa:bb:cc:00:00:01"));

            List<Session> open =
                    repository.writeAtomically(Set.of(), writes -> writes.findOpenOfDevices(List.of(device)));

            assertThat(open).containsExactly(match);
        }
    }

    @Nested
    class Listing {
        @Test
        void newestStartFirstThenIdDescendingAsPostgresOrdersUuids() {
            // 0x80… sorts after 0x7f… in PostgreSQL (unsigned bytes) but before it in java.util.UUID (signed).
            SessionId high = new SessionId(UUID.fromString("80000000-0000-0000-0000-000000000000"));
            SessionId low = new SessionId(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"));
            Session tieHigh = session()
                    .id(high)
                    .acctSessionId("1")
                    .start(T0.plusSeconds(60))
                    .build();
            Session tieLow = session()
                    .id(low)
                    .acctSessionId("2")
                    .start(T0.plusSeconds(60))
                    .build();
            Session newest =
                    session().acctSessionId("3").start(T0.plusSeconds(120)).build();
            Session oldest = session().acctSessionId("4").build();
            save(oldest, tieLow, newest, tieHigh);

            List<Session> page = repository.find(SessionFilter.all(TenantId.DEFAULT), 0, 10);

            assertThat(page).extracting(Session::id).containsExactly(newest.id(), high, low, oldest.id());
        }

        @Test
        void pagesWithOffsetAndLimitAndCountsEveryMatch() {
            List<Session> all = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                all.add(session()
                        .acctSessionId("S" + i)
                        .start(T0.plusSeconds(i))
                        .build());
            }
            save(all.toArray(Session[]::new));
            SessionFilter filter = SessionFilter.all(TenantId.DEFAULT);

            assertThat(repository.find(filter, 3, 3))
                    .extracting(Session::acctSessionId)
                    .containsExactly("S3", "S2", "S1");
            assertThat(repository.find(filter, 6, 3))
                    .extracting(Session::acctSessionId)
                    .containsExactly("S0");
            assertThat(repository.find(filter, 7, 3)).isEmpty();
            assertThat(repository.count(filter)).isEqualTo(7);
        }

        @Test
        void filtersByStatus() {
            Session open = session().acctSessionId("open").build();
            Session done = session()
                    .acctSessionId("done")
                    .stopped(T0.plusSeconds(5), TerminateCause.fromRadius(1))
                    .build();
            save(open, done);

            assertThat(find(SessionStatusFilter.ACTIVE, null, null, null)).containsExactly(open);
            assertThat(find(SessionStatusFilter.COMPLETED, null, null, null)).containsExactly(done);
            assertThat(find(SessionStatusFilter.ALL, null, null, null)).hasSize(2);
            assertThat(repository.count(filter(SessionStatusFilter.ACTIVE, null, null, null)))
                    .isEqualTo(1);
            assertThat(repository.count(filter(SessionStatusFilter.COMPLETED, null, null, null)))
                    .isEqualTo(1);
        }

        @Test
        void filtersByExactUsername() {
            Session alice = session().username("alice").build();
            save(
                    alice,
                    session().username("alice2").build(),
                    session().username("Alice").build());

            assertThat(find(null, "alice", null, null)).containsExactly(alice);
            assertThat(repository.count(filter(null, "alice", null, null))).isEqualTo(1);
        }

        @Test
        void filtersByNas() {
            Session onB = session().nas(NAS_B).build();
            save(session().nas(NAS_A).build(), onB);

            assertThat(find(null, null, NAS_B, null)).containsExactly(onB);
        }

        @Test
        void searchMatchesUsernamePrefixIgnoringCase() {
            Session alice = session().username("alice").acctSessionId("1").build();
            Session alicia = session().username("ALICIA").acctSessionId("2").build();
            save(alice, alicia, session().username("malice").acctSessionId("3").build());

            assertThat(find(null, null, null, "Ali")).containsExactlyInAnyOrder(alice, alicia);
            assertThat(repository.count(filter(null, null, null, "  aLI "))).isEqualTo(2);
        }

        @Test
        void searchTreatsLikeWildcardsAsText() {
            Session underscore = session().username("a_c").acctSessionId("1").build();
            Session percent = session().username("50%off").acctSessionId("2").build();
            save(
                    underscore,
                    percent,
                    session().username("abc").acctSessionId("3").build());

            assertThat(find(null, null, null, "a_")).containsExactly(underscore);
            assertThat(find(null, null, null, "50%")).containsExactly(percent);
            assertThat(find(null, null, null, "%")).isEmpty();
        }

        @Test
        void searchMatchesWholeAcctSessionIdIgnoringCase() {
            Session s = session().username("bob").acctSessionId("8100001A").build();
            save(s, session().username("carol").acctSessionId("8100001B").build());

            assertThat(find(null, null, null, "8100001a")).containsExactly(s);
            assertThat(find(null, null, null, "8100001")).isEmpty();
        }

        @Test
        void searchMatchesFramedIpOfAnIpLiteral() {
            Session v4 = session().username("v4").framedIp("100.64.0.9").build();
            Session v6 = session().username("v6").framedIp("2001:db8::9").build();
            save(v4, v6, session().username("none").build());

            assertThat(find(null, null, null, "100.64.0.9")).containsExactly(v4);
            assertThat(find(null, null, null, "2001:DB8:0:0::9")).containsExactly(v6);
            assertThat(find(null, null, null, "100.64.0.1")).isEmpty();
        }

        @Test
        void searchMatchesThePublicIdOfAUuid() {
            Session s = session().username("x").build();
            save(s, session().username("y").build());

            assertThat(find(null, null, null, s.id().toString().toUpperCase(java.util.Locale.ROOT)))
                    .containsExactly(s);
        }

        @Test
        void combinesFilters() {
            Session wanted =
                    session().username("alice").nas(NAS_B).acctSessionId("1").build();
            save(
                    wanted,
                    session().username("alice").nas(NAS_A).acctSessionId("2").build(),
                    session()
                            .username("alice")
                            .nas(NAS_B)
                            .acctSessionId("3")
                            .stopped(T0, TerminateCause.fromRadius(1))
                            .build());

            assertThat(find(SessionStatusFilter.ACTIVE, "alice", NAS_B, "ali")).containsExactly(wanted);
        }

        @Test
        void neverShowsAnotherTenantsSessions() {
            Session theirs = session().tenant(OTHER_TENANT).build();
            save(theirs);

            assertThat(repository.findById(TenantId.DEFAULT, theirs.id())).isEmpty();
            assertThat(find(null, null, null, null)).isEmpty();
            assertThat(repository.count(SessionFilter.all(TenantId.DEFAULT))).isZero();
            assertThat(repository.countActive(TenantId.DEFAULT).total()).isZero();
            assertThat(repository.close(TenantId.DEFAULT, theirs.id(), T0, TerminateCause.ADMIN_TERMINATE))
                    .isEmpty();
        }

        private List<Session> find(SessionStatusFilter status, String username, NasId nas, String search) {
            return repository.find(filter(status, username, nas, search), 0, 100);
        }

        private SessionFilter filter(SessionStatusFilter status, String username, NasId nas, String search) {
            return new SessionFilter(TenantId.DEFAULT, status, username, nas, search);
        }
    }

    @Nested
    class Statistics {
        @Test
        void countsActiveSessionsInAllByTypeAndByNas() {
            save(
                    session()
                            .acctSessionId("1")
                            .nas(NAS_A)
                            .type(ConnectionType.PPPOE)
                            .build(),
                    session()
                            .acctSessionId("2")
                            .nas(NAS_A)
                            .type(ConnectionType.HOTSPOT)
                            .build(),
                    session()
                            .acctSessionId("3")
                            .nas(NAS_B)
                            .type(ConnectionType.PPPOE)
                            .build(),
                    session()
                            .acctSessionId("4")
                            .nas(NAS_B)
                            .type(ConnectionType.OTHER)
                            .build(),
                    session()
                            .acctSessionId("5")
                            .nas(NAS_B)
                            .stopped(T0, TerminateCause.fromRadius(1))
                            .build(),
                    session().acctSessionId("6").tenant(OTHER_TENANT).build());

            ActiveSessionCounts counts = repository.countActive(TenantId.DEFAULT);

            assertThat(counts).isEqualTo(new ActiveSessionCounts(4, 2, 1, Map.of(NAS_A, 2L, NAS_B, 2L)));
            assertThat(repository.countActive(TenantId.of("empty")))
                    .isEqualTo(new ActiveSessionCounts(0, 0, 0, Map.of()));
        }

        @Test
        void countsSessionsStartedSinceEachInstantInTheOrderGiven() {
            save(
                    session()
                            .acctSessionId("1")
                            .start(T0.minus(Duration.ofDays(40)))
                            .build(),
                    session()
                            .acctSessionId("2")
                            .start(T0.minus(Duration.ofDays(20)))
                            .stopped(T0.minus(Duration.ofDays(19)), TerminateCause.fromRadius(1))
                            .build(),
                    session()
                            .acctSessionId("3")
                            .start(T0.minus(Duration.ofDays(3)))
                            .build(),
                    session().acctSessionId("4").start(T0).build(),
                    session().acctSessionId("5").tenant(OTHER_TENANT).start(T0).build());

            List<Long> counts = repository.countStartedSince(
                    TenantId.DEFAULT, List.of(T0, T0.minus(Duration.ofDays(7)), T0.minus(Duration.ofDays(30))));

            assertThat(counts).containsExactly(1L, 2L, 3L);
            assertThat(repository.countStartedSince(TenantId.DEFAULT, List.of(T0.minus(Duration.ofDays(365)), T0)))
                    .containsExactly(4L, 1L);
            assertThat(repository.countStartedSince(TenantId.DEFAULT, List.of()))
                    .isEmpty();
        }
    }

    @Nested
    class Closing {
        @Test
        void closeEndsAnOpenSessionAndReturnsIt() {
            Session open = session().lastUpdate(T0.plusSeconds(500)).build();
            save(open);

            Session closed = repository
                    .close(TenantId.DEFAULT, open.id(), T0.plusSeconds(900), TerminateCause.ADMIN_TERMINATE)
                    .orElseThrow();

            assertThat(closed).isEqualTo(open.closed(T0.plusSeconds(900), TerminateCause.ADMIN_TERMINATE));
            assertThat(stored(open)).isEqualTo(closed);
        }

        @Test
        void closeNeverStopsBeforeTheStartNorMovesLastUpdateBack() {
            Session open = session().start(T0).lastUpdate(T0.plusSeconds(500)).build();
            save(open);

            Session closed = repository
                    .close(TenantId.DEFAULT, open.id(), T0.minusSeconds(60), TerminateCause.ADMIN_TERMINATE)
                    .orElseThrow();

            assertThat(closed.stopTime()).isEqualTo(T0);
            assertThat(closed.lastUpdate()).isEqualTo(T0.plusSeconds(500));
        }

        @Test
        void closeOfAStoppedOrUnknownSessionChangesNothing() {
            Session done = session()
                    .stopped(T0.plusSeconds(5), TerminateCause.fromRadius(1))
                    .build();
            save(done);

            assertThat(repository.close(TenantId.DEFAULT, done.id(), T0.plusSeconds(9), TerminateCause.ADMIN_TERMINATE))
                    .isEmpty();
            assertThat(repository.close(
                            TenantId.DEFAULT, SessionId.random(), T0.plusSeconds(9), TerminateCause.ADMIN_TERMINATE))
                    .isEmpty();
            assertThat(stored(done)).isEqualTo(done);
        }

        @Test
        void closeOpenOfNasWorksInBatchesOfTheLimitAndLeavesTheRest() {
            List<Session> rows = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                rows.add(session()
                        .nas(NAS_A)
                        .acctSessionId("A" + i)
                        .start(T0.plusSeconds(i))
                        .build());
            }
            List<Session> startedAfter = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                startedAfter.add(session()
                        .nas(NAS_A)
                        .acctSessionId("late" + i)
                        .start(T0.plusSeconds(1_000 + i))
                        .build());
            }
            Session otherNas = session().nas(NAS_B).acctSessionId("B").build();
            Session alreadyClosed = session()
                    .nas(NAS_A)
                    .acctSessionId("closed")
                    .stopped(T0.plusSeconds(3), TerminateCause.fromRadius(1))
                    .build();
            rows.addAll(startedAfter);
            rows.add(otherNas);
            rows.add(alreadyClosed);
            save(rows.toArray(Session[]::new));
            Instant reboot = T0.plusSeconds(500);

            List<Integer> batches = new ArrayList<>();
            int closed;
            do {
                closed = repository.closeOpenOfNas(NAS_A, reboot, reboot, TerminateCause.NAS_REBOOT, 10);
                batches.add(closed);
            } while (closed >= 10);

            assertThat(batches).containsExactly(10, 10, 5);
            List<Session> nasA = repository.find(
                    new SessionFilter(TenantId.DEFAULT, SessionStatusFilter.ALL, null, NAS_A, null), 0, 100);
            assertThat(nasA).filteredOn(s -> s.acctSessionId().startsWith("A")).allSatisfy(s -> {
                assertThat(s.stopTime()).isEqualTo(reboot);
                assertThat(s.lastUpdate()).isEqualTo(reboot);
                assertThat(s.terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
            });
            assertThat(nasA)
                    .filteredOn(s -> s.acctSessionId().startsWith("late"))
                    .allMatch(Session::isActive);
            assertThat(stored(otherNas).isActive()).isTrue();
            assertThat(stored(alreadyClosed)).isEqualTo(alreadyClosed);
        }

        @Test
        void closeOpenOfNasNeverStopsASessionBeforeItsStart() {
            Session open = session().nas(NAS_A).start(T0).build();
            save(open);

            repository.closeOpenOfNas(NAS_A, T0, T0.minusSeconds(30), TerminateCause.NAS_REBOOT, 10);

            assertThat(stored(open).stopTime()).isEqualTo(T0);
        }

        @Test
        void closeStaleJudgesByLastUpdateAndStopsThereInBatches() {
            Instant cutoff = T0.plus(Duration.ofDays(2));
            List<Session> rows = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                rows.add(session()
                        .acctSessionId("stale" + i)
                        .start(T0)
                        .lastUpdate(T0.plusSeconds(60 * i))
                        .build());
            }
            Session longLivedButReporting = session()
                    .acctSessionId("pppoe")
                    .start(T0.minus(Duration.ofDays(20)))
                    .lastUpdate(cutoff.plusSeconds(1))
                    .build();
            Session otherTenantStale =
                    session().tenant(OTHER_TENANT).acctSessionId("o").build();
            rows.add(longLivedButReporting);
            rows.add(otherTenantStale);
            save(rows.toArray(Session[]::new));

            assertThat(repository.closeStale(TenantId.DEFAULT, cutoff, cutoff, 5))
                    .isEqualTo(5);
            assertThat(repository.closeStale(TenantId.DEFAULT, cutoff, cutoff, 5))
                    .isEqualTo(5);
            assertThat(repository.closeStale(TenantId.DEFAULT, cutoff, cutoff, 5))
                    .isEqualTo(2);
            assertThat(repository.closeStale(TenantId.DEFAULT, cutoff, cutoff, 5))
                    .isZero();

            for (Session s : rows.subList(0, 12)) {
                Session now = stored(s);
                assertThat(now.stopTime()).isEqualTo(s.lastUpdate());
                assertThat(now.lastUpdate()).isEqualTo(s.lastUpdate());
                assertThat(now.terminateCause()).isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
            }
            assertThat(stored(longLivedButReporting).isActive()).isTrue();
            assertThat(stored(otherTenantStale).isActive()).isTrue();
            assertThat(repository.closeStale(null, cutoff, cutoff, 5)).isEqualTo(1);
            assertThat(stored(otherTenantStale).isActive()).isFalse();
        }
    }

    @Test
    void advisoryLockIdsAreSortedAndUnique() {
        SessionKey a = SessionKey.derive(NAS_A, "a", "1", null, null);
        SessionKey b = SessionKey.derive(NAS_A, "b", "2", null, null);

        long[] ids = PostgresAccountingUnits.lockIds(new LinkedHashSet<>(List.of(b, a, b)));

        assertThat(ids).hasSize(2).isSorted();
        assertThat(ids).containsExactlyInAnyOrder(PostgresAccountingUnits.lockId(a), PostgresAccountingUnits.lockId(b));
    }
}

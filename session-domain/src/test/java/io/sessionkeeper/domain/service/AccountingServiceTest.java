package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static io.sessionkeeper.domain.testing.Fixtures.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.AccountingBatchResult;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountingServiceTest {
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Nas otherNas = Fixtures.nas("Branch Router", "192.0.2.2");
    private InMemorySessionRepository repository;
    private AccountingService service;

    @BeforeEach
    void setUp() {
        repository = new InMemorySessionRepository();
        service = new AccountingService(repository, AccountingPolicy.DEFAULT);
    }

    private AccountingBatchResult track(AccountingEvent.Builder... events) {
        return service.track(new TrackAccountingCommand(java.util.Arrays.stream(events)
                .map(AccountingEvent.Builder::build)
                .toList()));
    }

    private List<Session> sessions() {
        return repository.all().stream()
                .sorted(Comparator.comparing(Session::startTime))
                .toList();
    }

    private Session only() {
        assertThat(repository.all()).hasSize(1);
        return repository.all().get(0);
    }

    @Test
    void startCreatesAnActiveSessionWithItsAttributes() {
        track(start(nas, "customer001", "8100001A", T0)
                .framedIp(IpAddress.parse("10.5.50.100"))
                .callingStationId("00:11:22:33:44:55")
                .calledStationId("pppoe-service")
                .nasPortId("ether1"));

        Session session = only();
        assertThat(session.isActive()).isTrue();
        assertThat(session.tenant()).isEqualTo(TENANT);
        assertThat(session.nasId()).isEqualTo(nas.id());
        assertThat(session.username()).isEqualTo("customer001");
        assertThat(session.acctSessionId()).isEqualTo("8100001A");
        assertThat(session.startTime()).isEqualTo(T0);
        assertThat(session.lastUpdate()).isEqualTo(T0);
        assertThat(session.framedIp()).hasToString("10.5.50.100");
        assertThat(session.macAddress()).hasToString("00:11:22:33:44:55");
        assertThat(session.connectionType()).isEqualTo(ConnectionType.PPPOE);
        assertThat(session.port().calledStationId()).isEqualTo("pppoe-service");
    }

    @Test
    void aNewSessionsIdIsTimeOrderedByTheArrivalOfItsFirstPacket() {
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600));
        track(start(nas, "v", "B1", T0.plusSeconds(601)));

        List<Session> sessions = sessions();
        assertThat(sessions).extracting(s -> s.id().value().version()).containsOnly(7);
        assertThat(sessions.get(0).id().value().getMostSignificantBits() >>> 16)
                .isEqualTo(T0.plusSeconds(600).toEpochMilli());
        assertThat(sessions.get(1).id().value().getMostSignificantBits() >>> 16)
                .isEqualTo(T0.plusSeconds(601).toEpochMilli());
    }

    @Test
    void duplicateStartMakesOneSession() {
        track(start(nas, "u", "A1", T0));
        track(start(nas, "u", "A1", T0).delaySeconds(3));
        track(start(nas, "u", "A1", T0), start(nas, "u", "A1", T0));

        assertThat(only().startTime()).isEqualTo(T0);
    }

    @Test
    void interimWithoutStartCreatesSessionBegunSessionTimeBefore() {
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600).inputOctets(100, 0));

        Session session = only();
        assertThat(session.isActive()).isTrue();
        assertThat(session.startTime()).isEqualTo(T0);
        assertThat(session.lastUpdate()).isEqualTo(T0.plusSeconds(600));
        assertThat(session.usage().uploadOctets()).isEqualTo(100);
    }

    @Test
    void stopWithoutStartCreatesAClosedSession() {
        track(stop(nas, "u", "A1", T0.plusSeconds(300), 300).terminateCause(2));

        Session session = only();
        assertThat(session.startTime()).isEqualTo(T0);
        assertThat(session.stopTime()).isEqualTo(T0.plusSeconds(300));
        assertThat(session.terminateCause()).isEqualTo(TerminateCause.fromRadius(2));
        assertThat(session.terminateCause().name()).isEqualTo("Lost-Carrier");
    }

    @Test
    void interimAfterStopNeitherReopensNorRegresses() {
        track(start(nas, "u", "A1", T0));
        track(stop(nas, "u", "A1", T0.plusSeconds(900), 900)
                .inputOctets(5000, 0)
                .outputOctets(9000, 0));
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600)
                .inputOctets(3000, 0)
                .outputOctets(4000, 0));

        Session session = only();
        assertThat(session.isActive()).isFalse();
        assertThat(session.stopTime()).isEqualTo(T0.plusSeconds(900));
        assertThat(session.usage().uploadOctets()).isEqualTo(5000);
        assertThat(session.usage().downloadOctets()).isEqualTo(9000);
        assertThat(session.sessionTimeSeconds()).isEqualTo(900);
    }

    @Test
    void interimWithHigherCountersAfterTheNasStopDoesNotRaiseThem() {
        track(start(nas, "u", "A1", T0));
        track(stop(nas, "u", "A1", T0.plusSeconds(900), 900)
                .inputOctets(5000, 0)
                .outputOctets(9000, 0));
        // The NAS's last interim, delayed past its Stop, claims more than the Stop's final figures.
        track(interim(nas, "u", "A1", T0.plusSeconds(899), 960)
                .inputOctets(6000, 0)
                .outputOctets(12000, 0));

        Session session = only();
        assertThat(session.usage().uploadOctets()).isEqualTo(5000);
        assertThat(session.usage().downloadOctets()).isEqualTo(9000);
        assertThat(session.sessionTimeSeconds()).isEqualTo(900);
    }

    @Test
    void aSessionTheServiceClosedStillTakesTheNasLaterHigherCounters() {
        track(start(nas, "u", "A1", T0));
        repository.closeOpenOfNas(nas.id(), T0.plusSeconds(10), T0.plusSeconds(10), TerminateCause.NAS_REBOOT, 100);
        track(stop(nas, "u", "A1", T0.plusSeconds(20), 20).outputOctets(9000, 0));

        Session session = only();
        assertThat(session.terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
        assertThat(session.usage().downloadOctets()).isEqualTo(9000);
        assertThat(session.sessionTimeSeconds()).isEqualTo(20);
    }

    @Test
    void interimLongAfterStopWithTheSameSessionTimeStillBelongsToTheStoppedSession() {
        track(start(nas, "u", "A1", T0), stop(nas, "u", "A1", T0.plusSeconds(900), 900));
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600).delaySeconds(0));

        assertThat(only().isActive()).isFalse();
    }

    @Test
    void duplicateStopGivesTheSameResult() {
        track(start(nas, "u", "A1", T0));
        track(stop(nas, "u", "A1", T0.plusSeconds(900), 900).outputOctets(9000, 0));
        Session first = only();
        track(stop(nas, "u", "A1", T0.plusSeconds(900), 900)
                .outputOctets(9000, 0)
                .delaySeconds(5));

        assertThat(only()).isEqualTo(first);
    }

    @Test
    void countersNeverGoBackwards() {
        track(start(nas, "u", "A1", T0));
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600)
                .inputOctets(8000, 0)
                .outputOctets(20000, 0));
        track(interim(nas, "u", "A1", T0.plusSeconds(300), 300)
                .inputOctets(4000, 0)
                .outputOctets(10000, 0));

        Session session = only();
        assertThat(session.usage().uploadOctets()).isEqualTo(8000);
        assertThat(session.usage().downloadOctets()).isEqualTo(20000);
        assertThat(session.lastUpdate()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void gigawordsAreCombinedInto64BitCounters() {
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600)
                .inputOctets(100, 2)
                .outputOctets(7, 5));

        Session session = only();
        assertThat(session.usage().uploadOctets()).isEqualTo((2L << 32) + 100);
        assertThat(session.usage().downloadOctets()).isEqualTo((5L << 32) + 7);
    }

    @Test
    void downloadIsWhatTheNasSentToTheUserUnlessTheNasReportsReversed() {
        Nas reversed = new Nas(
                otherNas.id(),
                TENANT,
                "pfSense",
                otherNas.ipAddress(),
                "s",
                3799,
                NasVendor.OTHER,
                null,
                true,
                null,
                false);
        track(interim(nas, "u", "A1", T0.plusSeconds(60), 60)
                .inputOctets(111, 0)
                .outputOctets(999, 0)
                .packets(1, 9));
        track(interim(reversed, "u", "A1", T0.plusSeconds(60), 60)
                .inputOctets(111, 0)
                .outputOctets(999, 0));

        Session normal = repository.all().stream()
                .filter(s -> s.nasId().equals(nas.id()))
                .findFirst()
                .orElseThrow();
        Session swapped = repository.all().stream()
                .filter(s -> s.nasId().equals(reversed.id()))
                .findFirst()
                .orElseThrow();
        assertThat(normal.usage().downloadOctets()).isEqualTo(999);
        assertThat(normal.usage().uploadOctets()).isEqualTo(111);
        assertThat(normal.usage().downloadPackets()).isEqualTo(9);
        assertThat(swapped.usage().downloadOctets()).isEqualTo(111);
        assertThat(swapped.usage().uploadOctets()).isEqualTo(999);
    }

    @Test
    void stopWithZeroCountersKeepsRecordedUsage() {
        track(start(nas, "u", "A1", T0));
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 600)
                .inputOctets(8000, 1)
                .outputOctets(20000, 0));
        track(stop(nas, "u", "A1", T0.plusSeconds(700), 700));

        Session session = only();
        assertThat(session.isActive()).isFalse();
        assertThat(session.usage().uploadOctets()).isEqualTo((1L << 32) + 8000);
        assertThat(session.usage().downloadOctets()).isEqualTo(20000);
    }

    @Test
    void framedIpIsLearntFromALaterInterim() {
        track(start(nas, "u", "A1", T0));
        assertThat(only().framedIp()).isNull();
        track(interim(nas, "u", "A1", T0.plusSeconds(60), 60).framedIp(IpAddress.parse("10.0.0.7")));

        assertThat(only().framedIp()).hasToString("10.0.0.7");
    }

    @Test
    void eventTimeComesFromEventTimestampWhenPresent() {
        Instant arrival = T0.plusSeconds(30);
        track(Fixtures.start(nas, "u", "A1", arrival).eventTimestamp(T0).delaySeconds(10));

        assertThat(only().startTime()).isEqualTo(T0);
    }

    @Test
    void eventTimeIsArrivalMinusDelayWithoutEventTimestamp() {
        Instant arrival = T0.plusSeconds(30);
        track(Fixtures.start(nas, "u", "A1", arrival).eventTimestamp(null).delaySeconds(30));

        assertThat(only().startTime()).isEqualTo(T0);
    }

    @Test
    void absurdDelayIsIgnored() {
        track(Fixtures.start(nas, "u", "A1", T0)
                .eventTimestamp(null)
                .delaySeconds(Duration.ofDays(400).toSeconds()));

        assertThat(only().startTime()).isEqualTo(T0);
    }

    @Test
    void unbelievableEventTimestampFallsBackToArrivalMinusDelay() {
        track(Fixtures.start(nas, "u", "A1", T0)
                .eventTimestamp(Instant.parse("1970-01-01T00:00:10Z"))
                .delaySeconds(4));
        track(Fixtures.start(nas, "u", "B2", T0).eventTimestamp(T0.plus(Duration.ofDays(3))));

        assertThat(sessions()).extracting(Session::startTime).containsExactly(T0.minusSeconds(4), T0);
    }

    @Test
    void eventTimesAreKeptToMicroseconds() {
        track(Fixtures.start(nas, "u", "A1", T0.plusNanos(123_456_789)).eventTimestamp(null));

        assertThat(only().startTime()).isEqualTo(T0.plusNanos(123_456_000));
    }

    @Test
    void accountingOnClosesOpenSessionsOfThatNasStartedAtOrBeforeTheEvent() {
        track(start(nas, "a", "1", T0), start(nas, "b", "2", T0.plusSeconds(10)), start(otherNas, "c", "3", T0));
        Instant reboot = T0.plusSeconds(60);
        AccountingBatchResult result = track(
                Fixtures.event(nas, AcctStatusType.ACCOUNTING_ON, null, null, reboot),
                start(nas, "a", "4", reboot.plusSeconds(5)));

        assertThat(result.closedByNas()).isEqualTo(2);
        List<Session> ofNas =
                sessions().stream().filter(s -> s.nasId().equals(nas.id())).toList();
        assertThat(ofNas).filteredOn(s -> !s.isActive()).hasSize(2).allSatisfy(s -> {
            assertThat(s.stopTime()).isEqualTo(reboot);
            assertThat(s.terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
            assertThat(s.terminateCause().origin()).isEqualTo(TerminateCause.Origin.SERVICE);
        });
        assertThat(ofNas)
                .filteredOn(Session::isActive)
                .extracting(Session::acctSessionId)
                .containsExactly("4");
        assertThat(sessions()).filteredOn(s -> s.nasId().equals(otherNas.id())).allMatch(Session::isActive);
    }

    @Test
    void accountingOnWithNothingOpenIsStillAcknowledged() {
        AccountingBatchResult result = track(Fixtures.event(nas, AcctStatusType.ACCOUNTING_ON, null, null, T0));

        assertThat(result.closedByNas()).isZero();
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void accountingOffClosesLikeAccountingOn() {
        track(start(nas, "a", "1", T0));
        track(Fixtures.event(nas, AcctStatusType.ACCOUNTING_OFF, null, null, T0.plusSeconds(5)));

        assertThat(only().terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
    }

    @Test
    void accountingOnClosesALargePopulationInBoundedBatches() {
        service = new AccountingService(
                repository,
                new AccountingPolicy(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofSeconds(60), 3));
        List<AccountingEvent.Builder> starts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            starts.add(start(nas, "user" + i, "S" + i, T0));
        }
        track(starts.toArray(AccountingEvent.Builder[]::new));
        int unitsBefore = repository.committedUnits();

        AccountingBatchResult result =
                track(Fixtures.event(nas, AcctStatusType.ACCOUNTING_ON, null, null, T0.plusSeconds(60)));

        assertThat(result.closedByNas()).isEqualTo(10);
        assertThat(repository.all()).noneMatch(Session::isActive);
        assertThat(repository.committedUnits()).isEqualTo(unitsBefore);
    }

    @Test
    void newStartForTheSameUserNasAndMacClosesTheOlderOpenSession() {
        track(start(nas, "alice", "OLD", T0).callingStationId("aa-bb-cc-dd-ee-ff"));
        track(interim(nas, "alice", "OLD", T0.plusSeconds(300), 300));
        AccountingBatchResult result =
                track(start(nas, "alice", "NEW", T0.plusSeconds(900)).callingStationId("AA:BB:CC:DD:EE:FF"));

        assertThat(result.superseded()).isEqualTo(1);
        Session old = sessions().get(0);
        assertThat(old.acctSessionId()).isEqualTo("OLD");
        assertThat(old.stopTime()).isEqualTo(T0.plusSeconds(300));
        assertThat(old.terminateCause()).isEqualTo(TerminateCause.SUPERSEDED);
        assertThat(sessions().get(1).isActive()).isTrue();
    }

    @Test
    void newStartFromAnotherDeviceKeepsBothSessionsOpen() {
        track(start(nas, "alice", "S1", T0).callingStationId("AA:BB:CC:DD:EE:01"));
        track(start(nas, "alice", "S2", T0.plusSeconds(60)).callingStationId("AA:BB:CC:DD:EE:02"));
        track(start(otherNas, "alice", "S3", T0.plusSeconds(60)).callingStationId("AA:BB:CC:DD:EE:01"));

        assertThat(repository.all()).hasSize(3).allMatch(Session::isActive);
    }

    @Test
    void supersedingWorksWithinOneBatch() {
        track(
                start(nas, "alice", "S1", T0).callingStationId("AA:BB:CC:DD:EE:01"),
                start(nas, "alice", "S2", T0.plusSeconds(60)).callingStationId("AA:BB:CC:DD:EE:01"));

        assertThat(sessions()).extracting(Session::isActive).containsExactly(false, true);
    }

    @Test
    void reusedAcctSessionIdLongAfterItsSessionClosedStartsANewSession() {
        track(start(nas, "u", "8100001A", T0), stop(nas, "u", "8100001A", T0.plusSeconds(600), 600));
        track(start(nas, "u", "8100001A", T0.plus(Duration.ofDays(3))));

        assertThat(sessions()).hasSize(2);
        assertThat(sessions().get(0).stopTime()).isEqualTo(T0.plusSeconds(600));
        assertThat(sessions().get(1).isActive()).isTrue();
        assertThat(sessions().get(1).startTime()).isEqualTo(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void reusedAcctSessionIdWhileTheOldSessionLooksOpenClosesItAndStartsANewOne() {
        track(start(nas, "u", "8100001A", T0), interim(nas, "u", "8100001A", T0.plusSeconds(300), 300));
        track(interim(nas, "u", "8100001A", T0.plus(Duration.ofHours(5)), 120));

        List<Session> all = sessions();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).stopTime()).isEqualTo(T0.plusSeconds(300));
        assertThat(all.get(0).terminateCause()).isEqualTo(TerminateCause.SUPERSEDED);
        assertThat(all.get(1).startTime())
                .isEqualTo(T0.plus(Duration.ofHours(5)).minusSeconds(120));
        assertThat(all.get(1).isActive()).isTrue();
    }

    @Test
    void lateStartAfterInterimKeepsTheEarliestStart() {
        track(interim(nas, "u", "A1", T0.plusSeconds(600), 598));
        track(start(nas, "u", "A1", T0));

        assertThat(only().startTime()).isEqualTo(T0);
        assertThat(only().lastUpdate()).isEqualTo(T0.plusSeconds(600));
    }

    /** {@link io.sessionkeeper.domain.model.SessionSample#newerThanStored}: the mark that lets a store skip a look-up. */
    @Nested
    class SampleMarks {
        private List<Boolean> marks() {
            return repository.appendedSamples().stream()
                    .map(io.sessionkeeper.domain.model.SessionSample::newerThanStored)
                    .toList();
        }

        @Test
        void packetsAfterTheStoredLastUpdateAreMarkedNewerRetransmissionsAndLateOnesAreNot() {
            track(start(nas, "u", "A1", T0)); // a new session
            track(interim(nas, "u", "A1", T0.plusSeconds(300), 300)); // after the stored T0
            track(interim(nas, "u", "A1", T0.plusSeconds(300), 300)); // a retransmission: T0 + 300 is stored
            track(interim(nas, "u", "A1", T0.plusSeconds(200), 200)); // late: before the stored T0 + 300
            track(stop(nas, "u", "A1", T0.plusSeconds(600), 600));

            assertThat(marks()).containsExactly(true, true, false, false, true);
            assertThat(repository.wronglyMarkedNewer()).isZero();
            assertThat(repository.samplesOf(TENANT, only().id())).hasSize(4);
        }

        @Test
        void aSessionMadeByTheUnitMarksAllItsSamplesAndAnEarlierSessionOfTheKeyDoesNotMatter() {
            track(start(nas, "u", "A1", T0), stop(nas, "u", "A1", T0.plusSeconds(60), 60));
            // the Acct-Session-Id reused a day later: a new session of the same key, made by this unit
            track(
                    start(nas, "u", "A1", T0.plusSeconds(86_400)),
                    interim(nas, "u", "A1", T0.plusSeconds(86_700), 300),
                    interim(nas, "u", "A1", T0.plusSeconds(86_700), 300));

            assertThat(sessions()).hasSize(2);
            assertThat(marks()).containsExactly(true, true, true, true, true);
            assertThat(repository.wronglyMarkedNewer()).isZero();
        }
    }

    @Nested
    class SettledStart {
        @Test
        void interimsAfterAStartDoNotMoveItsStartEvenWhenTheyImplyAnEarlierOne() {
            track(start(nas, "u", "A1", T0));
            // a NAS whose clock the service does not believe: each interim's implied start (arrival - session
            // time) lies minutes before the Start's time
            track(interim(nas, "u", "A1", T0.plusSeconds(1), 600)
                    .eventTimestamp(Instant.parse("2023-01-01T00:00:00Z")));
            track(stop(nas, "u", "A1", T0.plusSeconds(2), 1200).eventTimestamp(Instant.parse("2023-01-01T00:00:00Z")));

            assertThat(only().startTime()).isEqualTo(T0);
            assertThat(only().startSettled()).isTrue();
        }

        @Test
        void withoutAStartAnInterimMovesTheStartOnlyWhenItImpliesOneEarlierByMoreThanTheTolerance() {
            track(interim(nas, "u", "A1", T0.plusSeconds(600), 300)); // implies T0 + 300 s
            track(interim(nas, "u", "A1", T0.plusSeconds(900), 630)); // implies T0 + 270 s: jitter, within tolerance

            assertThat(only().startTime()).isEqualTo(T0.plusSeconds(300));
            assertThat(only().startSettled()).isFalse();

            track(interim(nas, "u", "A1", T0.plusSeconds(1200), 1200)); // implies T0: 300 s earlier

            assertThat(only().startTime()).isEqualTo(T0);
        }

        @Test
        void aLateStartSettlesTheEarliestStartAndLaterInterimsKeepIt() {
            track(interim(nas, "u", "A1", T0.plusSeconds(600), 590)); // implies T0 + 10 s
            track(start(nas, "u", "A1", T0));
            track(interim(nas, "u", "A1", T0.plusSeconds(900), 1000)); // implies T0 - 100 s

            assertThat(only().startTime()).isEqualTo(T0);
            assertThat(only().startSettled()).isTrue();
        }

        @Test
        void aStopWithoutStartLeavesAnUnsettledStart() {
            track(stop(nas, "u", "A1", T0.plusSeconds(100), 100));

            assertThat(only().startTime()).isEqualTo(T0);
            assertThat(only().startSettled()).isFalse();
        }
    }

    @Test
    void eventsOfOneSessionInOneBatchApplyInOrder() {
        track(
                start(nas, "u", "A1", T0),
                interim(nas, "u", "A1", T0.plusSeconds(300), 300).outputOctets(100, 0),
                stop(nas, "u", "A1", T0.plusSeconds(400), 400).outputOctets(150, 0));

        Session session = only();
        assertThat(session.stopTime()).isEqualTo(T0.plusSeconds(400));
        assertThat(session.usage().downloadOctets()).isEqualTo(150);
    }

    @Test
    void eventsWithoutSessionIdOrActionableStatusAreIgnored() {
        AccountingBatchResult result = track(
                Fixtures.event(nas, AcctStatusType.START, "u", null, T0),
                Fixtures.event(nas, AcctStatusType.OTHER, "u", "A1", T0),
                Fixtures.event(nas, AcctStatusType.FAILED, "u", "A2", T0));

        assertThat(result.ignored()).isEqualTo(3);
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void aFailingStoreRecordsNothingOfTheBatch() {
        repository.failWith(new IllegalStateException("database down"));

        assertThatThrownBy(() -> track(start(nas, "u", "A1", T0))).hasMessage("database down");
        repository.recover();
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void theNasOriginalOctetsStayWithTheSessionThroughItsInterimsAndStop() {
        OriginalOctets sent = new OriginalOctets(Octets.of(new byte[] {'a', 0, 'b'}), null);
        track(start(nas, "a\uFFFDb", "A1", T0).original(sent));
        track(interim(nas, "a\uFFFDb", "A1", T0.plusSeconds(300), 300).original(sent));
        track(stop(nas, "a\uFFFDb", "A1", T0.plusSeconds(600), 600));

        Session session = only();
        assertThat(session.username()).isEqualTo("a\uFFFDb");
        assertThat(session.original()).isEqualTo(sent);
        assertThat(session.isActive()).isFalse();
    }

    @Test
    void aSessionStoredBeforeItsOriginalOctetsWereKeptLearnsThemFromItsNextEvent() {
        OriginalOctets sent = new OriginalOctets(null, Octets.of(new byte[] {'S', 1}));
        track(start(nas, "u", "S\uFFFD", T0));
        track(interim(nas, "u", "S\uFFFD", T0.plusSeconds(300), 300).original(sent));

        assertThat(only().original()).isEqualTo(sent);
    }

    @Test
    void macAddressesAreNormalisedAndNonMacCallingStationIdsIgnored() {
        track(
                start(nas, "a", "1", T0).callingStationId("0011.2233.4455"),
                start(nas, "b", "2", T0).callingStationId("+254700000000"));

        assertThat(sessions())
                .extracting(s -> s.macAddress() == null ? null : s.macAddress().value())
                .containsExactlyInAnyOrder("00:11:22:33:44:55", null);
    }

    @Nested
    class Classification {
        private ConnectionType classify(AccountingEvent.Builder event) {
            track(event);
            return only().connectionType();
        }

        @Test
        void pppIsPppoe() {
            assertThat(classify(start(nas, "u", "1", T0).framedProtocol(1).nasPortType(15)))
                    .isEqualTo(ConnectionType.PPPOE);
        }

        @Test
        void pppOverAVirtualPortIsOther() {
            assertThat(classify(start(nas, "u", "1", T0).framedProtocol(1).nasPortType(5)))
                    .isEqualTo(ConnectionType.OTHER);
        }

        @Test
        void mikrotikHostIpIsHotspot() {
            assertThat(classify(Fixtures.event(nas, AcctStatusType.START, "u", "1", T0)
                            .hostIp(IpAddress.parse("192.168.88.10"))))
                    .isEqualTo(ConnectionType.HOTSPOT);
        }

        @Test
        void loginServiceIsHotspot() {
            assertThat(classify(Fixtures.event(nas, AcctStatusType.START, "u", "1", T0)
                            .serviceType(1)))
                    .isEqualTo(ConnectionType.HOTSPOT);
        }

        @Test
        void wirelessPortIsHotspot() {
            assertThat(classify(Fixtures.event(nas, AcctStatusType.START, "u", "1", T0)
                            .nasPortType(19)))
                    .isEqualTo(ConnectionType.HOTSPOT);
        }

        @Test
        void anythingElseIsOther() {
            assertThat(classify(Fixtures.event(nas, AcctStatusType.START, "u", "1", T0)
                            .serviceType(2)
                            .nasPortType(15)))
                    .isEqualTo(ConnectionType.OTHER);
        }

        @Test
        void theNasOverrideWins() {
            Nas hotspotGateway = new Nas(
                    nas.id(),
                    TENANT,
                    "GW",
                    nas.ipAddress(),
                    "s",
                    3799,
                    NasVendor.MIKROTIK,
                    ConnectionType.HOTSPOT,
                    false,
                    null,
                    false);
            assertThat(classify(start(hotspotGateway, "u", "1", T0).framedProtocol(1)))
                    .isEqualTo(ConnectionType.HOTSPOT);
        }
    }

    /** What the accounting rules put on a session's timeline, with the unit that applied them. */
    @Nested
    class TimelineEvents {
        private List<SessionEvent> events() {
            return repository.events().all();
        }

        @Test
        void ordinaryInterimsRecordNoEvent() {
            track(start(nas, "u", "A1", T0).framedIp(IpAddress.parse("10.0.0.1")));
            track(
                    interim(nas, "u", "A1", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.1")),
                    interim(nas, "u", "A1", T0.plusSeconds(600), 600));
            track(stop(nas, "u", "A1", T0.plusSeconds(900), 900).framedIp(IpAddress.parse("10.0.0.1")));

            assertThat(events()).isEmpty();
        }

        @Test
        void anInterimWithAnotherFramedIpRecordsTheChangeAtItsEventTime() {
            track(start(nas, "u", "A1", T0).framedIp(IpAddress.parse("10.0.0.1")));
            track(interim(nas, "u", "A1", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.2")));
            track(interim(nas, "u", "A1", T0.plusSeconds(600), 600).framedIp(IpAddress.parse("10.0.0.2")));

            Session session = only();
            assertThat(events())
                    .containsExactly(new SessionEvent(
                            TENANT,
                            session.id(),
                            T0.plusSeconds(300),
                            new SessionEvent.IpChanged(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"))));
        }

        @Test
        void twoChangesInOneBatchAreTwoEvents() {
            track(
                    start(nas, "u", "A1", T0).framedIp(IpAddress.parse("10.0.0.1")),
                    interim(nas, "u", "A1", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.2")),
                    interim(nas, "u", "A1", T0.plusSeconds(600), 600).framedIp(IpAddress.parse("10.0.0.3")));

            assertThat(events())
                    .extracting(SessionEvent::at, SessionEvent::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    T0.plusSeconds(300),
                                    new SessionEvent.IpChanged(
                                            IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"))),
                            org.assertj.core.groups.Tuple.tuple(
                                    T0.plusSeconds(600),
                                    new SessionEvent.IpChanged(
                                            IpAddress.parse("10.0.0.2"), IpAddress.parse("10.0.0.3"))));
        }

        @Test
        void anAddressLearntLaterIsNoChange() {
            track(start(nas, "u", "A1", T0));
            track(interim(nas, "u", "A1", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.2")));

            assertThat(events()).isEmpty();
        }

        @Test
        void aSessionSupersededByANewStartOfItsDeviceGetsAnEventNamingItsSuccessor() {
            track(start(nas, "alice", "OLD", T0).callingStationId("AA:BB:CC:DD:EE:FF"));
            track(start(nas, "alice", "NEW", T0.plusSeconds(900)).callingStationId("AA:BB:CC:DD:EE:FF"));

            Session old = sessions().get(0);
            Session successor = sessions().get(1);
            assertThat(events())
                    .containsExactly(new SessionEvent(
                            TENANT, old.id(), T0.plusSeconds(900), new SessionEvent.Superseded(successor.id())));
        }

        @Test
        void aReusedAcctSessionIdThatClosesTheOpenSessionGetsAnEvent() {
            track(start(nas, "u", "8100001A", T0));
            track(interim(nas, "u", "8100001A", T0.plus(Duration.ofHours(5)), 120));

            Session old = sessions().get(0);
            Session successor = sessions().get(1);
            assertThat(events())
                    .containsExactly(new SessionEvent(
                            TENANT,
                            old.id(),
                            T0.plus(Duration.ofHours(5)),
                            new SessionEvent.Superseded(successor.id())));
        }

        @Test
        void accountingOnRecordsNasRebootedForEachSessionItClosesAtTheEventTime() {
            track(start(nas, "a", "1", T0), start(nas, "b", "2", T0), start(otherNas, "c", "3", T0));
            Instant reboot = T0.plusSeconds(60);

            track(Fixtures.event(nas, AcctStatusType.ACCOUNTING_ON, null, null, reboot));

            List<Session> closed =
                    repository.all().stream().filter(s -> !s.isActive()).toList();
            assertThat(closed).hasSize(2);
            assertThat(events())
                    .containsExactlyInAnyOrderElementsOf(closed.stream()
                            .map(s -> new SessionEvent(TENANT, s.id(), reboot, new SessionEvent.NasRebooted()))
                            .toList());
        }

        @Test
        void aUnitThatFailsLeavesNoEvent() {
            track(start(nas, "u", "A1", T0).framedIp(IpAddress.parse("10.0.0.1")));
            repository.failWith(new io.sessionkeeper.domain.model.StoreUnavailableException("down", null));

            assertThatThrownBy(() -> track(
                            interim(nas, "u", "A1", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.2"))))
                    .isInstanceOf(io.sessionkeeper.domain.model.StoreUnavailableException.class);
            assertThat(events()).isEmpty();
        }
    }
}

package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionEventType;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Timeline;
import io.sessionkeeper.domain.model.TimelineEntry;
import io.sessionkeeper.domain.model.TimelineEntry.Rate;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSample.Kind;
import io.sessionkeeper.domain.port.in.SessionTimelineQuery;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryUsageSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTimelineServiceTest {
    private static final IpAddress FIRST_IP = IpAddress.parse("10.0.0.1");
    private static final IpAddress SECOND_IP = IpAddress.parse("10.0.0.2");

    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final InMemoryUsageSamples samples = new InMemoryUsageSamples(repository);
    private final SessionTimelineService service = new SessionTimelineService(repository, samples, repository.events());
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Requester token = new Requester(TokenId.random(), "noc desk");

    private Session save(Session session) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(session));
            return null;
        });
        return session;
    }

    /** A sample as accounting appends it: through a unit of the repository the samples are read from. */
    private void addSample(io.sessionkeeper.domain.model.TenantId tenant, SessionId id, UsageSample sample) {
        repository.writeAtomically(Set.of(), w -> {
            w.appendSamples(List.of(new io.sessionkeeper.domain.model.SessionSample(tenant, id, sample)));
            return null;
        });
    }

    private void sample(Session session, long seconds, long download, long upload, Kind kind) {
        addSample(
                session.tenant(),
                session.id(),
                new UsageSample(T0.plusSeconds(seconds), download, upload, seconds, kind));
    }

    private void event(Session session, long seconds, SessionEvent.Detail detail) {
        repository
                .events()
                .append(List.of(new SessionEvent(session.tenant(), session.id(), T0.plusSeconds(seconds), detail)));
    }

    private Timeline timeline(Session session, boolean collapse, long offset, int limit) {
        return service.timeline(new SessionTimelineQuery(TENANT, session.id(), collapse, offset, limit));
    }

    /**
     * Started at T0 from 10.0.0.1; interims every 300 s at 1,000 kbit/s down and 100 kbit/s up (37,500,000 and
     * 3,750,000 octets per 300 s); the address changes at +450 s, the speed at +700 s; a disconnect at +1000 s ends it.
     */
    private Session disconnectedSession() {
        Session session = save(session(nas)
                .framedIp("10.0.0.2")
                .usage(125_000_000, 12_500_000)
                .sessionTime(1000)
                .stopped(T0.plusSeconds(1000), TerminateCause.ADMIN_TERMINATE)
                .build());
        sample(session, 0, 0, 0, Kind.START);
        sample(session, 300, 37_500_000, 3_750_000, Kind.INTERIM);
        sample(session, 600, 75_000_000, 7_500_000, Kind.INTERIM);
        sample(session, 900, 112_500_000, 11_250_000, Kind.INTERIM);
        event(session, 450, new SessionEvent.IpChanged(FIRST_IP, SECOND_IP));
        event(session, 700, new SessionEvent.SpeedChanged("10M/20M", new CoaAnswer(CoaAnswer.Outcome.ACK, 0), token));
        event(session, 1000, new SessionEvent.DisconnectRequested(token, false));
        event(session, 1000, new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.ACK, 0)));
        return session;
    }

    private static TimelineEntry.Interim interim(
            long seconds, long download, long upload, double downKbps, double upKbps) {
        return new TimelineEntry.Interim(
                T0.plusSeconds(seconds), download, upload, seconds, new Rate(downKbps, upKbps), false);
    }

    @Test
    void entriesComeInTimeOrderWithRatesSinceTheSampleBefore() {
        Session session = disconnectedSession();

        Timeline timeline = timeline(session, false, 0, 100);

        assertThat(timeline.entries())
                .containsExactly(
                        new TimelineEntry.Started(T0, FIRST_IP),
                        interim(300, 37_500_000, 3_750_000, 1000.0, 100.0),
                        recorded(session, 450, new SessionEvent.IpChanged(FIRST_IP, SECOND_IP)),
                        interim(600, 75_000_000, 7_500_000, 1000.0, 100.0),
                        recorded(
                                session,
                                700,
                                new SessionEvent.SpeedChanged(
                                        "10M/20M", new CoaAnswer(CoaAnswer.Outcome.ACK, 0), token)),
                        interim(900, 112_500_000, 11_250_000, 1000.0, 100.0),
                        recorded(session, 1000, new SessionEvent.DisconnectRequested(token, false)),
                        recorded(
                                session,
                                1000,
                                new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.ACK, 0))),
                        new TimelineEntry.Ended(
                                T0.plusSeconds(1000), TerminateCause.ADMIN_TERMINATE, 125_000_000, 12_500_000, 1000));
        assertThat(timeline.hasMore()).isFalse();
        assertThat(timeline.entries())
                .extracting(e -> e.type().label())
                .containsExactly(
                        "Session Started",
                        "Interim Update",
                        "IP Changed",
                        "Interim Update",
                        "Speed Changed",
                        "Interim Update",
                        "Disconnect Requested",
                        "Disconnect Result",
                        "Session Ended");
    }

    private static TimelineEntry.Recorded recorded(Session session, long seconds, SessionEvent.Detail detail) {
        return new TimelineEntry.Recorded(new SessionEvent(TENANT, session.id(), T0.plusSeconds(seconds), detail));
    }

    @Test
    void aPageIsAnOffsetAndALimitAndSaysWhetherMoreFollow() {
        Session session = disconnectedSession();

        Timeline middle = timeline(session, false, 2, 3);
        Timeline last = timeline(session, false, 8, 5);
        Timeline beyond = timeline(session, false, 9, 5);

        assertThat(middle.entries())
                .extracting(TimelineEntry::type)
                .containsExactly(
                        SessionEventType.IP_CHANGED, SessionEventType.INTERIM_UPDATE, SessionEventType.SPEED_CHANGED);
        assertThat(middle.hasMore()).isTrue();
        assertThat(last.entries()).extracting(TimelineEntry::type).containsExactly(SessionEventType.SESSION_ENDED);
        assertThat(last.hasMore()).isFalse();
        assertThat(beyond.entries()).isEmpty();
        assertThat(beyond.hasMore()).isFalse();
    }

    @Test
    void collapseMakesEachRunOfTwoOrMoreInterimsOneEntryWithTheAverageRateOverTheRun() {
        Session session = save(session(nas).build());
        sample(session, 0, 0, 0, Kind.START);
        for (int i = 1; i <= 5; i++) {
            sample(session, 60L * i, 600_000L * i, 60_000L * i, Kind.INTERIM); // 80 and 8 kbit/s
        }
        event(session, 330, new SessionEvent.SpeedChanged("1M/1M", new CoaAnswer(CoaAnswer.Outcome.NAK, 404), token));
        sample(session, 360, 3_600_000 + 6_000_000, 360_000, Kind.INTERIM); // 6,000,000 octets in 60 s: 800 kbit/s
        sample(session, 420, 9_600_000 + 1_200_000, 420_000, Kind.INTERIM); // 160 kbit/s

        Timeline collapsed = timeline(session, true, 0, 100);

        assertThat(collapsed.entries())
                .containsExactly(
                        new TimelineEntry.Started(T0, session.framedIp()),
                        new TimelineEntry.Interims(
                                T0.plusSeconds(60),
                                T0.plusSeconds(300),
                                5,
                                3_000_000,
                                300_000,
                                300,
                                new Rate(80, 8),
                                false),
                        recorded(
                                session,
                                330,
                                new SessionEvent.SpeedChanged(
                                        "1M/1M", new CoaAnswer(CoaAnswer.Outcome.NAK, 404), token)),
                        new TimelineEntry.Interims(
                                T0.plusSeconds(360),
                                T0.plusSeconds(420),
                                2,
                                10_800_000,
                                420_000,
                                420,
                                new Rate(
                                        (10_800_000 - 3_000_000) * 8.0 / 120 / 1000,
                                        (420_000 - 300_000) * 8.0 / 120 / 1000),
                                false));
        assertThat(((TimelineEntry.Interims) collapsed.entries().get(3)).rate()).isEqualTo(new Rate(520.0, 8.0));
        assertThat(timeline(session, false, 0, 100).entries()).hasSize(9);
    }

    @Test
    void aSingleInterimBetweenOtherEntriesStaysAsItIsWhenCollapsing() {
        Session session = save(session(nas).build());
        sample(session, 300, 3_000_000, 300_000, Kind.INTERIM);

        assertThat(timeline(session, true, 0, 10).entries())
                .containsExactly(
                        new TimelineEntry.Started(T0, session.framedIp()), interim(300, 3_000_000, 300_000, 80, 8));
    }

    @Test
    void aCounterThatWentBackGivesNoRateAndIsMarkedAndTheNextRateIsMeasuredFromIt() {
        Session session = save(session(nas).build());
        sample(session, 300, 3_000_000, 300_000, Kind.INTERIM);
        sample(session, 600, 1_000, 300_000, Kind.INTERIM); // the NAS reset its counters
        sample(session, 900, 3_001_000, 600_000, Kind.INTERIM);

        List<TimelineEntry> entries = timeline(session, false, 0, 10).entries();
        List<TimelineEntry> collapsed = timeline(session, true, 0, 10).entries();

        assertThat(entries.get(2))
                .isEqualTo(new TimelineEntry.Interim(T0.plusSeconds(600), 1_000, 300_000, 600, null, true));
        assertThat(entries.get(3)).isEqualTo(interim(900, 3_001_000, 600_000, 80, 8));
        assertThat(collapsed.get(1))
                .isEqualTo(new TimelineEntry.Interims(
                        T0.plusSeconds(300), T0.plusSeconds(900), 3, 3_001_000, 600_000, 900, null, true));
    }

    @Test
    void theFirstInterimOfASessionWithoutAStartHasNoRate() {
        Session session = save(session(nas).unsettledStart(T0).build());
        sample(session, 300, 3_000_000, 300_000, Kind.INTERIM);
        sample(session, 600, 6_000_000, 600_000, Kind.INTERIM);

        List<TimelineEntry> entries = timeline(session, false, 0, 10).entries();

        assertThat(entries.get(1))
                .isEqualTo(new TimelineEntry.Interim(T0.plusSeconds(300), 3_000_000, 300_000, 300, null, false));
        assertThat(entries.get(2)).isEqualTo(interim(600, 6_000_000, 600_000, 80, 8));
    }

    @Test
    void aSessionWithAStartButNoStartSampleIsMeasuredFromItsStartWithZeroCounters() {
        Session session = save(session(nas).build());
        sample(session, 300, 3_000_000, 300_000, Kind.INTERIM);

        assertThat(timeline(session, false, 0, 10).entries().get(1)).isEqualTo(interim(300, 3_000_000, 300_000, 80, 8));
    }

    @Test
    void aStopSampleIsNoEntryButTheEndComesFromTheSession() {
        Session session = save(session(nas)
                .usage(6_000_000, 600_000)
                .sessionTime(600)
                .stopped(T0.plusSeconds(600), TerminateCause.fromRadius(1))
                .build());
        sample(session, 300, 3_000_000, 300_000, Kind.INTERIM);
        sample(session, 600, 6_000_000, 600_000, Kind.STOP);

        assertThat(timeline(session, false, 0, 10).entries())
                .containsExactly(
                        new TimelineEntry.Started(T0, session.framedIp()),
                        interim(300, 3_000_000, 300_000, 80, 8),
                        new TimelineEntry.Ended(
                                T0.plusSeconds(600), TerminateCause.fromRadius(1), 6_000_000, 600_000, 600));
    }

    @Test
    void longHistoriesAreReadInChunksWithoutLosingOrRepeatingAnEntry() {
        Session session = save(session(nas).build());
        int interims = 2 * SessionTimelineService.SAMPLE_CHUNK + 500;
        for (int i = 1; i <= interims; i++) {
            sample(session, 60L * i, 600_000L * i, 60_000L * i, Kind.INTERIM);
        }
        int speedChanges = SessionTimelineService.EVENT_CHUNK + 100;
        for (int i = 0; i < speedChanges; i++) {
            event(
                    session,
                    60L * interims + 1 + i,
                    new SessionEvent.SpeedChanged("1M", new CoaAnswer(CoaAnswer.Outcome.ACK, 0), token));
        }

        List<TimelineEntry> all = new ArrayList<>();
        Timeline page;
        long offset = 0;
        do {
            page = timeline(session, false, offset, 1000);
            all.addAll(page.entries());
            offset += page.entries().size();
        } while (page.hasMore());

        assertThat(all).hasSize(1 + interims + speedChanges);
        assertThat(all.subList(1, 1 + interims))
                .allSatisfy(e -> assertThat(((TimelineEntry.Interim) e).rate()).isEqualTo(new Rate(80, 8)));
        assertThat(all).extracting(TimelineEntry::at).isSorted().doesNotHaveDuplicates();
        assertThat(timeline(session, true, 0, 10).entries())
                .hasSize(10)
                .element(1)
                .isEqualTo(new TimelineEntry.Interims(
                        T0.plusSeconds(60),
                        T0.plusSeconds(60L * interims),
                        interims,
                        600_000L * interims,
                        60_000L * interims,
                        60L * interims,
                        new Rate(80, 8),
                        false));
    }

    @Test
    void theStartShowsTheAddressBeforeTheFirstChange() {
        Session session = save(session(nas).framedIp("10.0.0.2").build());
        event(session, 100, new SessionEvent.IpChanged(FIRST_IP, SECOND_IP));

        assertThat(timeline(session, false, 0, 1).entries()).containsExactly(new TimelineEntry.Started(T0, FIRST_IP));
    }

    @Test
    void anotherTenantsSessionIsNotFound() {
        Session session = disconnectedSession();

        assertThatThrownBy(() -> service.timeline(new SessionTimelineQuery(OTHER_TENANT, session.id(), false, 0, 10)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aPageIsBounded() {
        Session session = disconnectedSession();

        assertThatThrownBy(() -> new SessionTimelineQuery(TENANT, session.id(), false, 0, 1001))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new SessionTimelineQuery(TENANT, session.id(), false, -1, 10))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new SessionTimelineQuery(TENANT, session.id(), false, 100_001, 10))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void samplesOfAnotherSessionOrTenantAreNotRead() {
        Session session = save(session(nas).build());
        Session other = save(session(nas).acctSessionId("OTHER").build());
        sample(other, 300, 3_000_000, 300_000, Kind.INTERIM);
        addSample(OTHER_TENANT, session.id(), new UsageSample(T0.plusSeconds(300), 1, 1, 300, Kind.INTERIM));

        assertThat(timeline(session, false, 0, 10).entries())
                .containsExactly(new TimelineEntry.Started(T0, session.framedIp()));
    }

    @Test
    void instantsAreKeptAsRecorded() {
        Instant odd = T0.plusNanos(123_456_000);
        Session session = save(session(nas).build());
        repository
                .events()
                .append(List.of(new SessionEvent(TENANT, session.id(), odd, new SessionEvent.ClosedAsStale())));

        assertThat(timeline(session, false, 1, 1).entries().get(0).at()).isEqualTo(odd);
    }
}

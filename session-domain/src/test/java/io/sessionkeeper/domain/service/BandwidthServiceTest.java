package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static io.sessionkeeper.domain.testing.Fixtures.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.Bandwidth;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.in.BandwidthQuery;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryUsageHistory;
import io.sessionkeeper.domain.testing.InMemoryUsageSamples;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthServiceTest {
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Nas otherTenantsNas = Fixtures.nas(Fixtures.OTHER_TENANT, "Globex Router", "192.0.2.9");
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(30)));
    private final AccountingService accounting = new AccountingService(repository, AccountingPolicy.DEFAULT);
    private final BandwidthService service = new BandwidthService(
            repository,
            new InMemoryUsageSamples(repository),
            new InMemoryUsageHistory(repository),
            nasDirectory,
            clock);

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    private static AccountingEvent.Builder counters(AccountingEvent.Builder event, long download, long upload) {
        return event.outputOctets(download, 0).inputOctets(upload, 0);
    }

    private Session session(String acctSessionId) {
        return repository.all().stream()
                .filter(s -> s.acctSessionId().equals(acctSessionId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyStartInterimAndStopAppendsOneSampleAndARetransmissionNoSecond() {
        track(start(nas, "alice", "A1", T0));
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(300), 300), 3_750_000, 375_000));
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(300), 300), 3_750_000, 375_000));
        track(counters(stop(nas, "alice", "A1", T0.plusSeconds(600), 600), 7_500_000, 750_000));

        List<UsageSample> samples =
                repository.samplesOf(Fixtures.TENANT, session("A1").id());

        assertThat(samples)
                .containsExactly(
                        new UsageSample(T0, 0, 0, 0, UsageSample.Kind.START),
                        new UsageSample(T0.plusSeconds(300), 3_750_000, 375_000, 300, UsageSample.Kind.INTERIM),
                        new UsageSample(T0.plusSeconds(600), 7_500_000, 750_000, 600, UsageSample.Kind.STOP));
    }

    @Test
    void aSessionSeriesFromAccountingHasTheSpecShapeAndExactRates() {
        track(start(nas, "alice", "A1", T0));
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(300), 300), 3_750_000, 375_000));
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(600), 600), 7_500_000, 1_125_000));

        Bandwidth series = service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfSession(session("A1").id()),
                BandwidthInterval.FIVE_MINUTES,
                null,
                null));

        // open session: from its start up to now (10:30), 6 buckets; data for the first two
        assertThat(series.points()).hasSize(6);
        assertThat(series.points().get(0).rate()).isEqualTo(new Bandwidth.Rate(100.0, 10.0));
        assertThat(series.points().get(1).rate()).isEqualTo(new Bandwidth.Rate(100.0, 20.0));
        assertThat(series.points().subList(2, 6))
                .allSatisfy(p -> assertThat(p.rate()).isNull());
        assertThat(series.points().subList(2, 6))
                .allSatisfy(p -> assertThat(p.marks().gap()).isTrue());
    }

    @Test
    void anotherTenantsSessionIsNotFoundAndNeverItsData() {
        track(start(otherTenantsNas, "bob", "B1", T0));
        Session theirs = session("B1");

        assertThatThrownBy(() -> service.bandwidth(new BandwidthQuery(
                        Fixtures.TENANT, new BandwidthQuery.OfSession(theirs.id()), null, null, null)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void withoutAnIntervalOneGivingAtMostAThousandPointsIsChosenAndMoreThanTenThousandIsRefused() {
        track(start(nas, "alice", "A1", T0));
        BandwidthQuery.OfSession subject =
                new BandwidthQuery.OfSession(session("A1").id());
        Instant to = T0.plus(Duration.ofDays(7));

        Bandwidth week = service.bandwidth(new BandwidthQuery(Fixtures.TENANT, subject, null, T0, to));
        assertThat(week.interval()).isEqualTo(BandwidthInterval.FIFTEEN_MINUTES);
        assertThat(week.points()).hasSize(672);

        Bandwidth fiveMinutes =
                service.bandwidth(new BandwidthQuery(Fixtures.TENANT, subject, BandwidthInterval.FIVE_MINUTES, T0, to));
        assertThat(fiveMinutes.points()).hasSize(2_016);

        assertThatThrownBy(() -> service.bandwidth(
                        new BandwidthQuery(Fixtures.TENANT, subject, BandwidthInterval.ONE_MINUTE, T0, to)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("10080 points");
    }

    @Test
    void aCustomerSeriesSumsItsSessionsAndANasSeriesIsConfinedToTheTenant() {
        nasDirectory.save(nas);
        track(start(nas, "alice", "A1", T0), start(nas, "alice", "A2", T0));
        track(
                counters(interim(nas, "alice", "A1", T0.plusSeconds(900), 900), 9_000_000, 0),
                counters(interim(nas, "alice", "A2", T0.plusSeconds(900), 900), 4_500_000, 0));

        Bandwidth customer = service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfCustomer("alice"),
                BandwidthInterval.FIFTEEN_MINUTES,
                T0,
                T0.plusSeconds(900)));

        // 13,500,000 octets in 900 s = 120 kbps, two sessions
        assertThat(customer.points()).hasSize(1);
        assertThat(customer.points().get(0).rate().downloadKbps()).isEqualTo(120.0);
        assertThat(customer.points().get(0).sessions()).isEqualTo(2);

        assertThatThrownBy(() -> service.bandwidth(new BandwidthQuery(
                        Fixtures.OTHER_TENANT, new BandwidthQuery.OfNas(nas.id()), null, null, null)))
                .isInstanceOf(NotFoundException.class);
    }

    /** Roll-ups of 18,000,000 octets down and 1,800,000 up in every quarter (160 and 16 kbps), 3 sessions. */
    private static List<UsageHistory.RolledBucket> everyQuarter(UsageHistory.Grain grain, Instant from, Instant to) {
        assertThat(grain).isEqualTo(UsageHistory.Grain.QUARTER_HOUR);
        List<UsageHistory.RolledBucket> buckets = new java.util.ArrayList<>();
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(900)) {
            buckets.add(new UsageHistory.RolledBucket(at, 18_000_000, 1_800_000, 3));
        }
        return buckets;
    }

    @Test
    void aNasSeriesReadsTheRollUpsAloneUpToTheirWatermarkWhileTheyAreCurrent() {
        nasDirectory.save(nas);
        Instant rolledUntil = T0.plus(Duration.ofMinutes(90)); // 11:30
        // traffic after the watermark, in the samples: not read
        track(start(nas, "alice", "A1", rolledUntil));
        track(counters(interim(nas, "alice", "A1", rolledUntil.plusSeconds(600), 600), 9_000_000, 0));
        clock.set(rolledUntil.plusSeconds(17 * 60)); // 17 minutes behind: as the job leaves it at worst
        CountingHistory rollups = new CountingHistory(rolledUpTo(rolledUntil, BandwidthServiceTest::everyQuarter));

        Bandwidth quarters = nasSeries(rollups, BandwidthInterval.FIFTEEN_MINUTES, T0, clock.instant());
        Bandwidth hours = nasSeries(rollups, BandwidthInterval.ONE_HOUR, T0, clock.instant());

        assertThat(rollups.sampleReads).isZero();
        assertThat(quarters.points()).hasSize(8);
        assertThat(quarters.points().subList(0, 6)).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(Bandwidth.Source.ROLLUP);
            assertThat(p.rate()).isEqualTo(new Bandwidth.Rate(160.0, 16.0));
            assertThat(p.sessions()).isEqualTo(3);
        });
        // 11:30 and 11:45: not rolled yet, and not drawn as zero
        assertThat(quarters.points().subList(6, 8)).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(Bandwidth.Source.PENDING);
            assertThat(p.rate()).isNull();
            assertThat(p.sessions()).isNull();
        });
        // 11:00: two quarters rolled, the rate over the half hour they cover (not over the 47 minutes up to now)
        assertThat(hours.points()).hasSize(2);
        assertThat(hours.points().get(0).rate()).isEqualTo(new Bandwidth.Rate(160.0, 16.0));
        assertThat(hours.points().get(1).source()).isEqualTo(Bandwidth.Source.ROLLUP);
        assertThat(hours.points().get(1).rate()).isEqualTo(new Bandwidth.Rate(160.0, 16.0));
    }

    @Test
    void aNasQuarterWithoutARollUpRowIsAZeroFromTheRollUps() {
        nasDirectory.save(nas);
        Instant rolledUntil = T0.plus(Duration.ofMinutes(30));
        clock.set(rolledUntil.plusSeconds(60));

        Bandwidth series = nasSeries(
                rolledUpTo(rolledUntil, (grain, from, to) -> List.of()), BandwidthInterval.FIFTEEN_MINUTES, T0, null);

        assertThat(series.points()).hasSize(3);
        assertThat(series.points().subList(0, 2)).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(Bandwidth.Source.ROLLUP);
            assertThat(p.rate()).isEqualTo(new Bandwidth.Rate(0.0, 0.0));
        });
        assertThat(series.points().get(2).source()).isEqualTo(Bandwidth.Source.PENDING);
    }

    @Test
    void aNasSeriesReadsTheSamplesAfterRollUpsThatFellBehind() {
        nasDirectory.save(nas);
        Instant rolledUntil = T0.plus(Duration.ofHours(1));
        // 11:00-11:15 from samples: 9,000,000 octets in 900 s = 80 kbps
        track(start(nas, "alice", "A1", rolledUntil), start(nas, "bob", "B1", rolledUntil));
        track(counters(interim(nas, "alice", "A1", rolledUntil.plusSeconds(900), 900), 9_000_000, 0));
        // the job has not rolled for more than an hour (stopped, or catching up)
        clock.set(rolledUntil.plus(BandwidthService.ROLLUPS_CURRENT).plusSeconds(1));
        CountingHistory rollups = new CountingHistory(rolledUpTo(rolledUntil, BandwidthServiceTest::everyQuarter));

        Bandwidth series = nasSeries(rollups, BandwidthInterval.FIFTEEN_MINUTES, T0, rolledUntil.plusSeconds(900));

        assertThat(rollups.sampleReads).isEqualTo(1);
        assertThat(series.points()).hasSize(5);
        assertThat(series.points().subList(0, 4)).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(Bandwidth.Source.ROLLUP);
            assertThat(p.rate()).isEqualTo(new Bandwidth.Rate(160.0, 16.0));
            assertThat(p.sessions()).isEqualTo(3);
        });
        assertThat(series.points().get(4).source()).isEqualTo(Bandwidth.Source.SAMPLES);
        assertThat(series.points().get(4).rate()).isEqualTo(new Bandwidth.Rate(80.0, 0.0));
        // bob's session has no interim yet: no data in the bucket, not counted
        assertThat(series.points().get(4).sessions()).isEqualTo(1);
    }

    @Test
    void aNasSeriesWithoutAnIntervalIsAtLeastByTheQuarterAndACustomersIsNot() {
        nasDirectory.save(nas);
        track(start(nas, "alice", "A1", T0));
        clock.set(T0.plus(Duration.ofDays(2)));

        Bandwidth ofNas = service.bandwidth(
                new BandwidthQuery(Fixtures.TENANT, new BandwidthQuery.OfNas(nas.id()), null, null, null));
        Bandwidth ofCustomer = service.bandwidth(
                new BandwidthQuery(Fixtures.TENANT, new BandwidthQuery.OfCustomer("alice"), null, null, null));
        Bandwidth askedFiner = service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT, new BandwidthQuery.OfNas(nas.id()), BandwidthInterval.FIVE_MINUTES, null, null));

        // the last day: 96 quarters for the NAS, 288 five-minute buckets for the customer (at most 1,000 points)
        assertThat(ofNas.interval()).isEqualTo(BandwidthInterval.FIFTEEN_MINUTES);
        assertThat(ofNas.points()).hasSize(96);
        assertThat(ofCustomer.interval()).isEqualTo(BandwidthInterval.FIVE_MINUTES);
        assertThat(askedFiner.interval()).isEqualTo(BandwidthInterval.FIVE_MINUTES);
        assertThat(askedFiner.points()).hasSize(288);
    }

    /** The test NAS's series, read through {@code history}. */
    private Bandwidth nasSeries(UsageHistory history, BandwidthInterval interval, Instant from, Instant to) {
        return new BandwidthService(repository, new InMemoryUsageSamples(repository), history, nasDirectory, clock)
                .bandwidth(new BandwidthQuery(Fixtures.TENANT, new BandwidthQuery.OfNas(nas.id()), interval, from, to));
    }

    /** A history that counts its reads of samples. */
    private static final class CountingHistory implements UsageHistory {
        private final UsageHistory delegate;
        int sampleReads;

        CountingHistory(UsageHistory delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<SessionSamples> samples(
                io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Instant from, Instant to) {
            sampleReads++;
            return delegate.samples(tenant, scope, from, to);
        }

        @Override
        public List<RolledBucket> rolledUp(
                io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
            return delegate.rolledUp(tenant, scope, grain, from, to);
        }

        @Override
        public Instant rolledUntil() {
            return delegate.rolledUntil();
        }

        @Override
        public Instant samplesKeptSince() {
            return delegate.samplesKeptSince();
        }
    }

    /** The roll-ups a store would read, for every scope of the tenant. */
    private interface RolledBuckets {
        List<UsageHistory.RolledBucket> of(UsageHistory.Grain grain, Instant from, Instant to);
    }

    /** This test's samples, all kept, and roll-ups up to {@code rolledUntil}. */
    private UsageHistory rolledUpTo(Instant rolledUntil, RolledBuckets rolled) {
        InMemoryUsageHistory raw = new InMemoryUsageHistory(repository);
        return new UsageHistory() {
            @Override
            public List<SessionSamples> samples(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Instant from, Instant to) {
                return raw.samples(tenant, scope, from, to);
            }

            @Override
            public List<RolledBucket> rolledUp(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
                return rolled.of(grain, from, to);
            }

            @Override
            public Instant rolledUntil() {
                return rolledUntil;
            }

            @Override
            public Instant samplesKeptSince() {
                return Instant.EPOCH;
            }
        };
    }

    @Test
    void aCustomersHourComesFromTheRollUpsOnlyOnceItsLastQuarterIsRolled() {
        Instant rolledUntil = T0.plus(Duration.ofMinutes(90)); // 11:30: the 11:00 hour is half rolled
        // 11:00-11:30 from samples: 18,000,000 octets over the hour up to now (11:40, 2,400 s) = 60 kbps
        track(start(nas, "alice", "A1", T0.plus(Duration.ofHours(1))));
        track(counters(interim(nas, "alice", "A1", T0.plus(Duration.ofMinutes(75)), 900), 9_000_000, 0));
        track(counters(interim(nas, "alice", "A1", rolledUntil, 1800), 18_000_000, 0));
        List<Instant> asked = new java.util.ArrayList<>();
        UsageHistory rollups = rolledUpTo(rolledUntil, (grain, from, to) -> {
            assertThat(grain).isEqualTo(UsageHistory.Grain.HOUR);
            asked.add(to);
            List<UsageHistory.RolledBucket> buckets = new java.util.ArrayList<>();
            for (Instant at = from; at.isBefore(to); at = at.plusSeconds(3600)) {
                // a half-rolled hour's row would hold part of the hour: had it been read, 11:00 would show 8,000
                buckets.add(new UsageHistory.RolledBucket(at, 3_600_000_000L, 0, 1));
            }
            return buckets;
        });
        clock.set(rolledUntil.plusSeconds(600));
        BandwidthService withRollups =
                new BandwidthService(repository, new InMemoryUsageSamples(repository), rollups, nasDirectory, clock);

        Bandwidth series = withRollups.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfCustomer("alice"),
                BandwidthInterval.ONE_HOUR,
                T0,
                T0.plus(Duration.ofHours(2))));

        assertThat(asked).containsExactly(T0.plus(Duration.ofHours(1)));
        assertThat(series.points()).hasSize(2);
        assertThat(series.points().get(0).source()).isEqualTo(Bandwidth.Source.ROLLUP);
        assertThat(series.points().get(0).rate()).isEqualTo(new Bandwidth.Rate(8_000.0, 0.0));
        assertThat(series.points().get(1).source()).isEqualTo(Bandwidth.Source.SAMPLES);
        assertThat(series.points().get(1).rate()).isEqualTo(new Bandwidth.Rate(60.0, 0.0));
    }

    /**
     * Samples 150 s apart (1,875,000 octets down and 187,500 up each: 100 and 10 kbps), the NAS's
     * Acct-Interim-Interval on its Start only ({@code null}: never sent); the series of [10:00, 10:10) at 5m.
     */
    private Bandwidth seriesWithInterimIntervalOf(Integer nasSeconds) {
        track(start(nas, "alice", "A1", T0).interimIntervalSeconds(nasSeconds));
        for (int i = 1; i <= 3; i++) {
            track(counters(
                    interim(nas, "alice", "A1", T0.plusSeconds(150L * i), 150L * i), 1_875_000L * i, 187_500L * i));
        }
        track(counters(stop(nas, "alice", "A1", T0.plusSeconds(600), 600), 7_500_000, 750_000));
        return service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfSession(session("A1").id()),
                BandwidthInterval.FIVE_MINUTES,
                null,
                null));
    }

    @Test
    void samplesFurtherApartThanTwiceTheNasInterimIntervalAreAGapEvenWhenEvenlySpaced() {
        Bandwidth series = seriesWithInterimIntervalOf(60);

        assertThat(series.interimInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(series.points()).hasSize(2);
        // 150 s > 2 × 60 s: every interval is a gap; its octets are still spread over it
        assertThat(series.points()).allSatisfy(p -> {
            assertThat(p.marks().gap()).isTrue();
            assertThat(p.rate()).isEqualTo(new Bandwidth.Rate(100.0, 10.0));
        });
    }

    @Test
    void samplesWithinTwiceTheNasInterimIntervalAreNoGap() {
        Bandwidth series = seriesWithInterimIntervalOf(300);

        assertThat(series.interimInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(series.points()).hasSize(2).allSatisfy(p -> {
            assertThat(p.marks().gap()).isFalse();
            assertThat(p.rate()).isEqualTo(new Bandwidth.Rate(100.0, 10.0));
        });
    }

    @Test
    void withoutTheNasInterimIntervalItIsInferredFromTheSampleSpacing() {
        Bandwidth series = seriesWithInterimIntervalOf(null);

        // the median spacing, 150 s: 150 s is no gap
        assertThat(series.interimInterval()).isEqualTo(Duration.ofSeconds(150));
        assertThat(series.points())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.marks().gap()).isFalse());
    }

    @Test
    void theNasInterimIntervalIsKeptOnTheSessionAndALaterOneReplacesIt() {
        track(start(nas, "alice", "A1", T0).interimIntervalSeconds(60));
        track(interim(nas, "alice", "A1", T0.plusSeconds(60), 60));
        assertThat(session("A1").interimInterval()).isEqualTo(Duration.ofSeconds(60));

        track(interim(nas, "alice", "A1", T0.plusSeconds(120), 120).interimIntervalSeconds(300));
        assertThat(session("A1").interimInterval()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aCustomerSeriesJudgesEachSessionsGapsByItsNasInterimInterval() {
        seriesWithInterimIntervalOf(60);

        Bandwidth series = service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfCustomer("alice"),
                BandwidthInterval.FIVE_MINUTES,
                T0,
                T0.plusSeconds(600)));

        assertThat(series.points())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.marks().gap()).isTrue());
    }

    @Test
    void aSessionWhoseStartWasLostButWhoseSamplesAreAllKeptIsServedFromItsSamplesAtAnyInterval() {
        // no Start: the session's start is implied by its first interim (10:05 − 300 s); nothing was dropped
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(300), 300), 3_750_000, 375_000));
        track(counters(interim(nas, "alice", "A1", T0.plusSeconds(600), 600), 7_500_000, 750_000));
        InMemoryUsageHistory raw = new InMemoryUsageHistory(repository);
        UsageHistory keptSinceYesterday = new UsageHistory() {
            @Override
            public List<SessionSamples> samples(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Instant from, Instant to) {
                return raw.samples(tenant, scope, from, to);
            }

            @Override
            public List<RolledBucket> rolledUp(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
                throw new AssertionError("no roll-up for samples that are kept");
            }

            @Override
            public Instant rolledUntil() {
                return T0;
            }

            @Override
            public Instant samplesKeptSince() {
                return T0.minus(Duration.ofDays(1));
            }
        };
        BandwidthService service = new BandwidthService(
                repository, new InMemoryUsageSamples(repository), keptSinceYesterday, nasDirectory, clock);

        Bandwidth series = service.bandwidth(new BandwidthQuery(
                Fixtures.TENANT,
                new BandwidthQuery.OfSession(session("A1").id()),
                BandwidthInterval.FIVE_MINUTES,
                T0,
                T0.plusSeconds(600)));

        assertThat(series.points())
                .extracting(Bandwidth.Point::rate)
                .containsExactly(null, new Bandwidth.Rate(100.0, 10.0));
        assertThat(series.points()).extracting(Bandwidth.Point::source).containsOnly(Bandwidth.Source.SAMPLES);
    }

    /**
     * A session of 10:05-12:00 (Start at 10:05, an interim every 5 minutes, 100 kbps down from 10:05, 300 kbps from
     * 11:00) whose samples before 11:00 are gone; its roll-up holds them, by quarter, as the roll-up job computes them.
     */
    @Test
    void beforeItsSamplesASessionsSeriesComesFromItsRollUpWithTheSameRatesAndSaysSo() {
        Instant start = T0.plusSeconds(300);
        Instant kept = T0.plus(Duration.ofHours(1));
        track(start(nas, "alice", "A1", start));
        long down = 0;
        for (Instant at = start.plusSeconds(300); !at.isAfter(T0.plus(Duration.ofHours(2))); at = at.plusSeconds(300)) {
            down += at.isAfter(kept) ? 11_250_000 : 3_750_000;
            long seconds = Duration.between(start, at).toSeconds();
            track(counters(
                    at.equals(T0.plus(Duration.ofHours(2)))
                            ? stop(nas, "alice", "A1", at, seconds)
                            : interim(nas, "alice", "A1", at, seconds),
                    down,
                    down / 10));
        }
        Session session = session("A1");
        List<UsageSample> all = repository.samplesOf(Fixtures.TENANT, session.id());
        // the roll-up: the series' own rule at 15 minutes over the hour, from all the samples
        List<UsageHistory.RolledBucket> quarters =
                BandwidthSeriesBuilder.build(all, BandwidthInterval.FIFTEEN_MINUTES, T0, kept, kept, null)
                        .buckets()
                        .stream()
                        .map(b -> new UsageHistory.RolledBucket(
                                b.start(), b.downloadOctets(), b.uploadOctets(), b.hasData() ? 1 : 0))
                        .toList();
        UsageHistory dropped = new UsageHistory() {
            @Override
            public List<SessionSamples> samples(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Instant from, Instant to) {
                throw new AssertionError("a session's series reads its own samples");
            }

            @Override
            public List<RolledBucket> rolledUp(
                    io.sessionkeeper.domain.model.TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
                assertThat(scope).isEqualTo(new OfSession(session.id()));
                assertThat(grain).isEqualTo(Grain.QUARTER_HOUR);
                return quarters.stream()
                        .filter(q -> !q.start().isBefore(from) && q.start().isBefore(to))
                        .toList();
            }

            @Override
            public Instant rolledUntil() {
                return T0.plus(Duration.ofHours(3));
            }

            @Override
            public Instant samplesKeptSince() {
                return kept;
            }
        };
        InMemoryUsageSamples everything = new InMemoryUsageSamples(repository);
        io.sessionkeeper.domain.port.out.UsageSamples fromEleven = new io.sessionkeeper.domain.port.out.UsageSamples() {
            @Override
            public List<UsageSample> between(
                    io.sessionkeeper.domain.model.TenantId tenant,
                    io.sessionkeeper.domain.model.SessionId id,
                    Instant from,
                    Instant to,
                    int limit) {
                return everything.between(tenant, id, from, to, limit).stream()
                        .filter(x -> !x.at().isBefore(kept))
                        .toList();
            }

            @Override
            public List<UsageSample> covering(
                    io.sessionkeeper.domain.model.TenantId tenant,
                    io.sessionkeeper.domain.model.SessionId id,
                    Instant from,
                    Instant to,
                    int limit) {
                return everything.covering(tenant, id, from, to, limit).stream()
                        .filter(x -> !x.at().isBefore(kept))
                        .toList();
            }
        };
        BandwidthQuery hourly = new BandwidthQuery(
                Fixtures.TENANT, new BandwidthQuery.OfSession(session.id()), BandwidthInterval.ONE_HOUR, null, null);
        Bandwidth whole = service.bandwidth(hourly);

        Bandwidth series = new BandwidthService(repository, fromEleven, dropped, nasDirectory, clock).bandwidth(hourly);

        // 10:05-11:00: 100 kbps over the 55 minutes the session was up; 11:00-12:00: 300 kbps
        assertThat(series.points())
                .extracting(Bandwidth.Point::rate)
                .containsExactly(new Bandwidth.Rate(100.0, 10.0), new Bandwidth.Rate(300.0, 30.0))
                .isEqualTo(whole.points().stream().map(Bandwidth.Point::rate).toList());
        assertThat(series.points())
                .extracting(Bandwidth.Point::source)
                .containsExactly(Bandwidth.Source.ROLLUP, Bandwidth.Source.SAMPLES);
    }
}

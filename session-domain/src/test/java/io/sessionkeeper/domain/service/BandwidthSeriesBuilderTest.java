package io.sessionkeeper.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.Usage;
import io.sessionkeeper.domain.model.UsageBucket;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSample.Kind;
import io.sessionkeeper.domain.model.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandwidthSeriesBuilderTest {
    private static final Instant T = Instant.parse("2026-01-04T10:00:00Z");

    private static UsageSample at(int minutes, long down, long up, Kind kind) {
        return new UsageSample(T.plusSeconds(minutes * 60L), down, up, minutes * 60L, kind);
    }

    private static UsageSample interim(int minutes, long down, long up) {
        return at(minutes, down, up, Kind.INTERIM);
    }

    private static UsageSeries build(List<UsageSample> samples, BandwidthInterval interval, int toMinutes) {
        Instant to = T.plusSeconds(toMinutes * 60L);
        return BandwidthSeriesBuilder.build(samples, interval, T, to, to, null);
    }

    private static double downloadKbps(UsageBucket bucket) {
        return bucket.downloadOctets() * 8 / (bucket.observed().toNanos() / 1e9) / 1000;
    }

    private static double uploadKbps(UsageBucket bucket) {
        return bucket.uploadOctets() * 8 / (bucket.observed().toNanos() / 1e9) / 1000;
    }

    @Test
    void knownCountersAtKnownTimesGiveKnownKbpsPerBucket() {
        // 3,750,000 octets in 300 s = 100 kbps down; then 750,000 octets up in 300 s = 20 kbps
        List<UsageSample> samples =
                List.of(at(0, 0, 0, Kind.START), interim(5, 3_750_000, 0), interim(10, 7_500_000, 750_000));

        UsageSeries series = build(samples, BandwidthInterval.FIVE_MINUTES, 10);

        assertThat(series.buckets()).hasSize(2);
        assertThat(series.buckets().get(0).start()).isEqualTo(T);
        assertThat(series.buckets().get(0).downloadOctets()).isEqualTo(3_750_000);
        assertThat(downloadKbps(series.buckets().get(0))).isEqualTo(100.0);
        assertThat(uploadKbps(series.buckets().get(0))).isEqualTo(0.0);
        assertThat(downloadKbps(series.buckets().get(1))).isEqualTo(100.0);
        assertThat(uploadKbps(series.buckets().get(1))).isEqualTo(20.0);
        assertThat(series.buckets()).allSatisfy(b -> assertThat(b.marks()).isEqualTo(UsageBucket.Marks.NONE));
    }

    @Test
    void anIntervalIsSpreadOverTheBucketsItOverlapsByTime() {
        // 10 minutes, 6,000,000 octets: 80 kbps throughout; the 10:07:30 sample splits two 5-minute buckets
        List<UsageSample> samples = List.of(
                at(0, 0, 0, Kind.START),
                new UsageSample(T.plusSeconds(450), 4_500_000, 0, 450, Kind.INTERIM),
                interim(10, 6_000_000, 0));

        UsageSeries series = build(samples, BandwidthInterval.FIVE_MINUTES, 10);

        assertThat(series.buckets()).extracting(UsageBucket::downloadOctets).containsExactly(3_000_000L, 3_000_000L);
        assertThat(downloadKbps(series.buckets().get(0))).isEqualTo(80.0);
    }

    @Test
    void bucketsFinerThanTheSampleSpacingSaySo() {
        List<UsageSample> samples = List.of(at(0, 0, 0, Kind.START), interim(5, 3_000_000, 0));

        UsageSeries series = build(samples, BandwidthInterval.ONE_MINUTE, 5);

        assertThat(series.buckets()).hasSize(5);
        assertThat(series.buckets()).extracting(UsageBucket::downloadOctets).containsOnly(600_000L);
        // the first minute holds the Start; the next four hold no sample
        assertThat(series.buckets())
                .extracting(b -> b.marks().finerThanSamples())
                .containsExactly(false, true, true, true, true);
    }

    @Test
    void aWrapWithoutGigawordsNeverGivesANegativeRateAndMarksItsBucket() {
        long nearTop = 4_294_000_000L;
        List<UsageSample> samples = List.of(
                at(0, 0, 0, Kind.START),
                interim(5, nearTop, 1_000),
                interim(10, 1_000_000, 2_000), // download wrapped at 2^32, the NAS sent no gigawords
                interim(15, 5_000_000, 3_000));

        UsageSeries series = build(samples, BandwidthInterval.FIVE_MINUTES, 15);

        assertThat(series.buckets()).extracting(UsageBucket::downloadOctets).containsExactly(nearTop, 0L, 0L);
        assertThat(series.buckets()).extracting(UsageBucket::uploadOctets).containsExactly(1_000L, 1_000L, 1_000L);
        // the sample at 10:10 opens the third bucket
        assertThat(series.buckets()).extracting(b -> b.marks().counterReset()).containsExactly(false, false, true);
        assertThat(series.buckets())
                .allSatisfy(b -> assertThat(b.downloadOctets()).isNotNegative());
    }

    @Test
    void theSeriesAndTheSessionTotalsFollowOneRuleForCountersThatGoBackwards() {
        Random random = new Random(7);
        List<UsageSample> samples = new ArrayList<>();
        samples.add(at(0, 0, 0, Kind.START));
        long down = 0;
        long up = 0;
        for (int minute = 5; minute <= 300; minute += 5) {
            if (random.nextInt(10) == 0) {
                down = random.nextInt(1_000_000); // a reset
            } else {
                down += random.nextInt(50_000_000);
            }
            up += random.nextInt(5_000_000);
            samples.add(interim(minute, down, up));
        }
        Usage total = Usage.ZERO;
        for (UsageSample sample : samples) {
            total = total.max(new Usage(sample.downloadOctets(), sample.uploadOctets(), 0, 0));
        }

        UsageSeries series = build(samples, BandwidthInterval.FIFTEEN_MINUTES, 300);

        long drawnDown =
                series.buckets().stream().mapToLong(UsageBucket::downloadOctets).sum();
        long drawnUp =
                series.buckets().stream().mapToLong(UsageBucket::uploadOctets).sum();
        assertThat(drawnDown).isEqualTo(total.downloadOctets());
        assertThat(drawnUp).isEqualTo(total.uploadOctets());
        assertThat(series.buckets())
                .anySatisfy(b -> assertThat(b.marks().counterReset()).isTrue());
    }

    @Test
    void aStretchWithoutSamplesForMoreThanTwiceTheInterimIntervalIsAGapNotZero() {
        // interims every 5 minutes, then none from 10:15 to 10:45: 30 minutes, six interim intervals
        List<UsageSample> samples = List.of(
                at(0, 0, 0, Kind.START),
                interim(5, 1_500_000, 0),
                interim(10, 3_000_000, 0),
                interim(15, 4_500_000, 0),
                interim(45, 9_000_000, 0),
                interim(50, 10_500_000, 0));

        UsageSeries series = build(samples, BandwidthInterval.FIVE_MINUTES, 50);

        assertThat(series.interimInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(series.buckets())
                .extracting(b -> b.marks().gap())
                .containsExactly(false, false, false, true, true, true, true, true, true, false);
        // the gap's 4,500,000 octets are spread over its six buckets, not dropped and not zero
        assertThat(series.buckets().subList(3, 9))
                .extracting(UsageBucket::downloadOctets)
                .containsOnly(750_000L);
        assertThat(series.buckets()).allSatisfy(b -> assertThat(b.hasData()).isTrue());
    }

    @Test
    void anOpenSessionRunsUpToNowAndItsSilenceSinceTheLastSampleIsAGapWithoutData() {
        List<UsageSample> samples =
                List.of(at(0, 0, 0, Kind.START), interim(5, 1_500_000, 0), interim(10, 3_000_000, 0));
        Instant now = T.plusSeconds(40 * 60);

        UsageSeries series = BandwidthSeriesBuilder.build(samples, BandwidthInterval.FIVE_MINUTES, T, now, now, null);

        assertThat(series.buckets()).hasSize(8);
        assertThat(series.buckets())
                .extracting(UsageBucket::hasData)
                .containsExactly(true, true, false, false, false, false, false, false);
        assertThat(series.buckets())
                .extracting(b -> b.marks().gap())
                .containsExactly(false, false, true, true, true, true, true, true);
    }

    @Test
    void aLateOrReorderedInterimDoesNotDistortTheSeries() {
        List<UsageSample> inOrder = new ArrayList<>();
        inOrder.add(at(0, 0, 0, Kind.START));
        for (int i = 1; i <= 12; i++) {
            inOrder.add(interim(i * 5, i * 1_000_000L, i * 100_000L));
        }
        List<UsageSample> arrived = new ArrayList<>(inOrder);
        Collections.shuffle(arrived, new Random(3));
        // the interim of 10:25 came last, after the one of 10:60
        arrived.remove(inOrder.get(5));
        arrived.add(inOrder.get(5));

        UsageSeries expected = build(inOrder, BandwidthInterval.FIVE_MINUTES, 60);
        UsageSeries actual = build(arrived, BandwidthInterval.FIVE_MINUTES, 60);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.buckets()).extracting(UsageBucket::downloadOctets).containsOnly(1_000_000L);
        assertThat(actual.buckets())
                .allSatisfy(b -> assertThat(b.marks().counterReset()).isFalse());
    }

    @Test
    void aDuplicateSampleAndSamplesAfterTheStopChangeNothing() {
        List<UsageSample> samples = List.of(
                at(0, 0, 0, Kind.START),
                interim(5, 3_000_000, 0),
                interim(5, 3_000_000, 0),
                at(10, 6_000_000, 0, Kind.STOP),
                interim(15, 90_000_000, 0));

        UsageSeries series = build(samples, BandwidthInterval.FIVE_MINUTES, 20);

        assertThat(series.buckets())
                .extracting(UsageBucket::downloadOctets)
                .containsExactly(3_000_000L, 3_000_000L, 0L, 0L);
        assertThat(series.buckets()).extracting(UsageBucket::hasData).containsExactly(true, true, false, false);
        assertThat(series.buckets())
                .noneSatisfy(b -> assertThat(b.marks().gap()).isTrue());
    }

    @Test
    void trafficIsTakenInsideTheRangeOnlyWhenItStartsInsideABucket() {
        List<UsageSample> samples = List.of(at(0, 0, 0, Kind.START), interim(60, 36_000_000, 0));
        Instant from = T.plusSeconds(30 * 60);
        Instant to = T.plusSeconds(60 * 60);

        UsageSeries series = BandwidthSeriesBuilder.build(samples, BandwidthInterval.ONE_HOUR, from, to, to, null);

        assertThat(series.buckets()).hasSize(1);
        assertThat(series.buckets().get(0).start()).isEqualTo(T);
        assertThat(series.buckets().get(0).downloadOctets()).isEqualTo(18_000_000L);
        assertThat(series.buckets().get(0).observed()).isEqualTo(Duration.ofMinutes(30));
    }
}

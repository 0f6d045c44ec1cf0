package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityModelTest {
    private static final Instant AT = Instant.parse("2026-01-04T10:02:00Z");
    private static final Instant BUCKET = Instant.parse("2026-01-04T10:00:00Z");

    private static QualityTally tally(List<Double> rtts, QualityMeasurement.Echoes echoes) {
        return QualityTally.of(
                new QualityMeasurement(TenantId.of("acme"), SessionId.random(), AT, QualitySource.PUSH, rtts, echoes),
                BUCKET);
    }

    @Test
    void percentilesAreByNearestRankAndAddedBucketsAreComputedFromTheirWholeContent() {
        QualityTally a = tally(List.of(1.0, 2.0, 3.0), null);
        QualityTally b = tally(List.of(100.0), new QualityMeasurement.Echoes(4, 3));
        QualityStats sum = a.plus(b, BUCKET).stats();
        assertThat(sum.rttP50Millis()).isEqualTo(2.0);
        assertThat(sum.rttP95Millis()).isEqualTo(100.0);
        assertThat(sum.lossPercent())
                .as("only the measurement that counted echoes")
                .isEqualTo(75.0);
        assertThat(sum.jitterMillis()).as("pairs within a measurement only").isEqualTo(1.0);
        assertThat(sum.samples()).isEqualTo(4);
    }

    @Test
    void aProbesAnswersMustBeItsRoundTripTimes() {
        assertThatThrownBy(() -> new QualityMeasurement(
                        TenantId.of("acme"),
                        SessionId.random(),
                        AT,
                        QualitySource.PROBE,
                        List.of(1.0),
                        new QualityMeasurement.Echoes(3, 0)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theEffectiveRateIsTheLastAcknowledgedCoaThenAccountingThenThePackage() {
        ServicePackage home = new ServicePackage("Home", 10, 5);
        assertThat(EffectiveRate.of("2M/8M", "1M/1M", home))
                .isEqualTo(new EffectiveRate(8_000, 2_000, EffectiveRate.Basis.COA));
        assertThat(EffectiveRate.of(null, "512k", home))
                .isEqualTo(new EffectiveRate(512, 512, EffectiveRate.Basis.ACCOUNTING));
        assertThat(EffectiveRate.of(null, "nonsense", home))
                .isEqualTo(new EffectiveRate(10_000, 5_000, EffectiveRate.Basis.PACKAGE));
        assertThat(EffectiveRate.of(null, null, new ServicePackage("Free", 0, 0)))
                .isNull();
        assertThat(EffectiveRate.of(null, null, null)).isNull();
    }

    @Test
    void nearMeansNinetyPercentOfTheRateInEitherDirection() {
        EffectiveRate rate = new EffectiveRate(10_000, 2_000, EffectiveRate.Basis.PACKAGE);
        assertThat(rate.isNear(8_999, 0)).isFalse();
        assertThat(rate.isNear(9_000, 0)).isTrue();
        assertThat(rate.isNear(0, 1_800)).isTrue();
        assertThat(new EffectiveRate(0, 2_000, EffectiveRate.Basis.PACKAGE).isNear(1e9, 0))
                .isFalse();
    }

    @Test
    void rangesContainTheirAddressesOnly() {
        IpRange cgnat = IpRange.parse("r", "100.64.0.0/10");
        assertThat(cgnat.contains(IpAddress.parse("100.127.255.255"))).isTrue();
        assertThat(cgnat.contains(IpAddress.parse("100.128.0.0"))).isFalse();
        assertThat(cgnat.contains(IpAddress.parse("::1"))).isFalse();
        assertThat(IpRange.parse("r", "127.0.0.1").contains(IpAddress.parse("127.0.0.2")))
                .isFalse();
        assertThatThrownBy(() -> IpRange.parse("r", "10.0.0.0/33")).isInstanceOf(InvalidValueException.class);
    }
}

package io.sessionkeeper.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void percentilesAreExactOverEveryLatencyRecorded() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int ms = 100; ms >= 1; ms--) {
            recorder.record(ms * 1_000_000L);
        }

        LatencyRecorder.Percentiles percentiles = recorder.percentiles();

        assertThat(percentiles.count()).isEqualTo(100);
        assertThat(percentiles.p50()).isEqualTo(50.0);
        assertThat(percentiles.p99()).isEqualTo(99.0);
        assertThat(percentiles.max()).isEqualTo(100.0);
    }

    @Test
    void aClearedRecorderStartsAgainFromNothing() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(180_000_000L);
        recorder.record(90_000_000L);

        recorder.clear();
        recorder.record(7_500_000L);

        LatencyRecorder.Percentiles percentiles = recorder.percentiles();
        assertThat(percentiles.count()).isEqualTo(1);
        assertThat(percentiles.p99()).isEqualTo(7.5);
        assertThat(percentiles.max()).isEqualTo(7.5);
    }
}

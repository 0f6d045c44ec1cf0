package io.sessionkeeper.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionPlanTest {
    @Test
    void believableTimestampsAreNowAndTheRealSessionTime() {
        SessionPlan plan = new SessionPlan("b", 3);

        assertThat(plan.eventTimestamp(1_800_000_000L)).isEqualTo(1_800_000_000L);
        assertThat(plan.sessionTime(2, 7)).isEqualTo(7);
    }

    @Test
    void distrustedTimestampsAreYearsOldAndTheSessionTimeOfAReplayedInterval() {
        SessionPlan plan = new SessionPlan("d", 3, SessionPlan.Timestamps.DISTRUSTED);

        assertThat(1_800_000_000L - plan.eventTimestamp(1_800_000_000L))
                .as("older than the 24 h the service believes")
                .isGreaterThan(86_400L * 365);
        assertThat(plan.sessionTime(2, 7)).isEqualTo(600);
        assertThat(plan.sessionTime(0, 0)).isZero();
    }
}

package io.sessionkeeper.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.loadgen.SessionPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {
    private final SessionPlan plan = new SessionPlan("v", 2);
    private final List<SessionPlan.Expected> expected =
            List.of(plan.expected(0, "127.0.0.2"), plan.expected(1, "127.0.0.3"), plan.expected(2, "127.0.0.2"));

    @Test
    void exactFinalCountersPass() {
        Map<String, List<Verification.Observed>> found = Map.of(
                "v-00000000", List.of(observed(expected.get(0))),
                "v-00000001", List.of(observed(expected.get(1))),
                "v-00000002", List.of(observed(expected.get(2))));

        assertThat(Verification.check(expected, found).ok()).isTrue();
    }

    @Test
    void missingDuplicatedAndWrongSessionsAreEachCounted() {
        SessionPlan.Expected first = expected.get(0);
        Map<String, List<Verification.Observed>> found = Map.of(
                "v-00000000",
                List.of(new Verification.Observed(
                        first.acctSessionId(), first.nasAddress(), first.bytesIn() - 1, first.bytesOut())),
                "v-00000001",
                List.of(observed(expected.get(1)), observed(expected.get(1))));

        Verification.Result result = Verification.check(expected, found);

        assertThat(result.ok()).isFalse();
        assertThat(result.wrongCounters()).isEqualTo(1);
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.missing()).isEqualTo(1);
        assertThat(result.examples()).hasSize(3);
    }

    @Test
    void aSessionOfAnotherNasWithTheSameIdDoesNotCount() {
        SessionPlan.Expected first = expected.get(0);
        Map<String, List<Verification.Observed>> found = Map.of(
                "v-00000000",
                List.of(new Verification.Observed(
                        first.acctSessionId(), "127.0.0.9", first.bytesIn(), first.bytesOut())));

        assertThat(Verification.check(List.of(first), found).missing()).isEqualTo(1);
    }

    private static Verification.Observed observed(SessionPlan.Expected e) {
        return new Verification.Observed(e.acctSessionId(), e.nasAddress(), e.bytesIn(), e.bytesOut());
    }
}

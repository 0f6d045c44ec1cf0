package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionSamplesAppend}'s queue of late samples: a sample older than the roll-ups' claim queues its session's
 * hour in {@code usage_dirty_hours}, in the step that stores the batch; a sample at or after the claim queues
 * nothing, in the same batch or alone, and neither does a retransmission of a sample already stored.
 */
class SessionSamplesLateTest {
    private static final Instant CLAIMED = Instant.parse("2026-01-04T12:00:00Z");
    private final TestDatabase database = TestDatabase.get();
    private final DSLContext dsl = JooqContexts.create(database.dataSource());

    @BeforeEach
    void claimed() {
        database.truncate();
        database.execute("UPDATE usage_rollup_state SET claimed_until = '" + CLAIMED + "' WHERE id = 1");
    }

    private static SessionSample sample(SessionId session, Instant at, boolean newer) {
        return new SessionSample(
                TenantId.DEFAULT, session, new UsageSample(at, 1_000, 100, 60, UsageSample.Kind.INTERIM), newer);
    }

    private void append(List<SessionSample> batch) {
        dsl.transaction(configuration -> SamplesStatements.append(configuration.dsl(), batch, true));
    }

    @Test
    void onlyTheLateSamplesOfABatchQueueTheirHours() {
        SessionId late = SessionId.random();
        SessionId onTime = SessionId.random();

        append(List.of(
                sample(onTime, CLAIMED.plusSeconds(60), true),
                sample(late, CLAIMED.minusSeconds(2 * 3600 + 600), true),
                sample(late, CLAIMED.minusSeconds(2 * 3600 + 300), true),
                sample(onTime, CLAIMED, true)));

        assertThat(rows("SELECT session_id || ' ' || to_char(hour AT TIME ZONE 'UTC', 'HH24:MI')"
                        + " FROM usage_dirty_hours ORDER BY 1"))
                .containsExactly(late.value() + " 09:00");
        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("4");
    }

    @Test
    void aBatchWithNothingBeforeTheClaimQueuesNothing() {
        append(List.of(
                sample(SessionId.random(), CLAIMED, true), sample(SessionId.random(), CLAIMED.plusSeconds(1), false)));

        assertThat(rows("SELECT count(*) FROM usage_dirty_hours")).containsExactly("0");
        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("2");
    }

    @Test
    void aLateSampleStoredAlreadyIsSkippedAndQueuesNothing() {
        SessionId session = SessionId.random();
        Instant at = CLAIMED.minusSeconds(30 * 60);
        database.execute("UPDATE usage_rollup_state SET claimed_until = '" + at + "' WHERE id = 1");
        append(List.of(sample(session, at, true)));
        database.execute("UPDATE usage_rollup_state SET claimed_until = '" + CLAIMED + "' WHERE id = 1");

        append(List.of(sample(session, at, false)));

        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("1");
        assertThat(rows("SELECT count(*) FROM usage_dirty_hours"))
                .as("its hour was rolled with it")
                .containsExactly("0");
    }

    private List<String> rows(String sql) {
        return database.column(sql);
    }
}

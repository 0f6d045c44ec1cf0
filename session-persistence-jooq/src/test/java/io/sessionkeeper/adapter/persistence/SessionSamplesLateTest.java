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
 * hour in {@code usage_late_hours}, in the step that stores the batch, each session once an hour and a row a tenant
 * and hour of at most {@link SessionSamplesAppend#LATE_IDS_PER_ROW} sessions; a sample at or after the claim queues
 * nothing, in the same batch or alone. A retransmission of a late sample already stored is skipped and queues its hour
 * again (ADR 69): the re-roll of an unchanged hour changes nothing.
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

        assertThat(rows("SELECT session_id || ' ' || to_char(hour AT TIME ZONE 'UTC', 'HH24:MI')" + " FROM "
                        + TestDatabase.LATE_HOURS + " ORDER BY 1"))
                .containsExactly(late.value() + " 09:00");
        assertThat(rows("SELECT count(*) FROM usage_late_hours")).containsExactly("1");
        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("4");
    }

    @Test
    void aBatchWithNothingBeforeTheClaimQueuesNothing() {
        append(List.of(
                sample(SessionId.random(), CLAIMED, true), sample(SessionId.random(), CLAIMED.plusSeconds(1), false)));

        assertThat(rows("SELECT count(*) FROM usage_late_hours")).containsExactly("0");
        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("2");
    }

    @Test
    void aLateSampleStoredAlreadyIsSkippedAndItsHourQueuedAgain() {
        SessionId session = SessionId.random();
        Instant at = CLAIMED.minusSeconds(30 * 60);
        database.execute("UPDATE usage_rollup_state SET claimed_until = '" + at + "' WHERE id = 1");
        append(List.of(sample(session, at, true)));
        database.execute("UPDATE usage_rollup_state SET claimed_until = '" + CLAIMED + "' WHERE id = 1");
        assertThat(rows("SELECT count(*) FROM usage_late_hours")).containsExactly("0");

        append(List.of(sample(session, at, false)));

        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("1");
        assertThat(rows("SELECT session_id || ' ' || to_char(hour AT TIME ZONE 'UTC', 'HH24:MI')" + " FROM "
                        + TestDatabase.LATE_HOURS))
                .containsExactly(session.value() + " 11:00");
    }

    @Test
    void theLateHoursOfAStepAreARowATenantAndHourOfAtMostAThousandSessions() {
        TenantId other = new TenantId("other");
        List<SessionSample> batch = new java.util.ArrayList<>();
        List<SessionId> many = new java.util.ArrayList<>();
        for (int i = 0; i < SessionSamplesAppend.LATE_IDS_PER_ROW + 1; i++) {
            SessionId session = SessionId.random();
            many.add(session);
            // two samples of the hour: the session is queued once
            batch.add(sample(session, CLAIMED.minusSeconds(3000 + i % 600), true));
            batch.add(sample(session, CLAIMED.minusSeconds(1800 + i % 600), true));
        }
        SessionId earlier = many.get(0);
        batch.add(sample(earlier, CLAIMED.minusSeconds(7200), true));
        SessionId ofOther = SessionId.random();
        batch.add(new SessionSample(
                other,
                ofOther,
                new UsageSample(CLAIMED.minusSeconds(60), 1_000, 100, 60, UsageSample.Kind.STOP),
                true));

        append(batch);

        assertThat(rows("SELECT tenant_id || ' ' || to_char(hour AT TIME ZONE 'UTC', 'HH24:MI') || ' '"
                        + " || octet_length(session_ids) / 16 FROM usage_late_hours ORDER BY 1"))
                .containsExactly("default 10:00 1", "default 11:00 1", "default 11:00 1000", "other 11:00 1");
        assertThat(rows("SELECT count(DISTINCT (tenant_id, session_id, hour)) || ' ' || count(*) FROM "
                        + TestDatabase.LATE_HOURS))
                .containsExactly((many.size() + 2) + " " + (many.size() + 2));
        assertThat(rows("SELECT session_id FROM " + TestDatabase.LATE_HOURS + " WHERE tenant_id = 'other' OR hour < '"
                        + CLAIMED.minusSeconds(3600) + "' ORDER BY 1"))
                .containsExactlyInAnyOrder(
                        earlier.value().toString(), ofOther.value().toString());
    }

    private List<String> rows(String sql) {
        return database.column(sql);
    }
}

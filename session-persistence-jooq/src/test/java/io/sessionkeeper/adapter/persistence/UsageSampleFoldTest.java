package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue of an accounting unit's samples ({@link SampleBatchAppend}) and its fold into {@code session_samples}
 * ({@link UsageSampleFold}, ADR 67): a unit writes a row a tenant, nothing readable yet; the fold stores each sample
 * once under its own tenant with its exact values, queues a late sample's hour, takes each row once when folds run side
 * by side, and sets aside a batch that cannot be stored while the others go on.
 */
class UsageSampleFoldTest {
    private static final Instant AT = Instant.parse("2026-01-04T12:00:00.123456Z");
    private static final TenantId ACME = TenantId.of("acme");
    private final TestDatabase database = TestDatabase.get();
    private final DSLContext dsl = JooqContexts.create(database.dataSource());
    private final UsageSampleFold fold = new UsageSampleFold(database.dataSource());

    @BeforeEach
    void empty() {
        database.truncate();
        database.execute("UPDATE usage_rollup_state SET claimed_until = '2026-01-04 00:00+00' WHERE id = 1");
    }

    private static SessionSample sample(TenantId tenant, SessionId session, Instant at, long down, boolean newer) {
        return new SessionSample(
                tenant, session, new UsageSample(at, down, down / 10, 60, UsageSample.Kind.INTERIM), newer);
    }

    private void queue(List<SessionSample> unit) {
        dsl.transaction(configuration -> SampleBatchAppend.execute(configuration.dsl(), unit, true));
    }

    @Test
    void aUnitQueuesARowATenantAndItsSamplesAreReadableOnceFoldedWithTheirExactValues() {
        SessionId first = SessionId.random();
        SessionId second = SessionId.random();
        queue(List.of(
                new SessionSample(
                        TenantId.DEFAULT,
                        first,
                        new UsageSample(AT, 5_000_000_000L, 7, 3_600, UsageSample.Kind.START),
                        true),
                sample(ACME, second, AT.plusSeconds(1), 2_000, true),
                new SessionSample(
                        TenantId.DEFAULT,
                        first,
                        new UsageSample(AT.plusSeconds(300), 5_000_000_001L, 8, 3_900, UsageSample.Kind.STOP),
                        false)));

        assertThat(rows("SELECT tenant_id || ' ' || length(samples) FROM usage_sample_batches ORDER BY seq"))
                .containsExactly("default 98", "acme 49");
        assertThat(rows("SELECT count(*) FROM session_samples")).containsExactly("0");
        assertThat(fold.backlog().queued()).isEqualTo(2);

        UsageSampleFold.Result result = fold.run(100);

        assertThat(result).isEqualTo(new UsageSampleFold.Result(2, 3, 0));
        assertThat(rows("SELECT tenant_id || ' ' || session_id || ' ' || to_char(sampled_at AT TIME ZONE 'UTC',"
                        + " 'HH24:MI:SS.US') || ' ' || download_octets || ' ' || upload_octets || ' ' || session_time"
                        + " || ' ' || kind FROM session_samples ORDER BY sampled_at"))
                .containsExactly(
                        "default " + first.value() + " 12:00:00.123456 5000000000 7 3600 1",
                        "acme " + second.value() + " 12:00:01.123456 2000 200 60 2",
                        "default " + first.value() + " 12:05:00.123456 5000000001 8 3900 3");
        assertThat(rows("SELECT count(*) FROM usage_sample_batches")).containsExactly("0");
        assertThat(fold.run(100)).isEqualTo(new UsageSampleFold.Result(0, 0, 0));
    }

    @Test
    void aRetransmissionIsStoredOnceWhetherItsTwinIsInTheSameFoldOrAlreadyStoredAndWronglyMarkedNewer() {
        SessionId session = SessionId.random();
        queue(List.of(sample(TenantId.DEFAULT, session, AT, 1_000, true)));
        queue(List.of(sample(TenantId.DEFAULT, session, AT, 1_000, true)));
        assertThat(fold.run(100).samples()).isEqualTo(1);

        // stored now; a third copy marked newer (wrongly) fails the fold's first attempt on the key, not the fold
        queue(List.of(
                sample(TenantId.DEFAULT, session, AT, 1_000, true),
                sample(TenantId.DEFAULT, session, AT.plusSeconds(300), 2_000, true)));
        assertThat(fold.run(100)).isEqualTo(new UsageSampleFold.Result(1, 2, 0));

        assertThat(rows("SELECT download_octets FROM session_samples ORDER BY sampled_at"))
                .containsExactly("1000", "2000");
    }

    /**
     * The samples marked newer are copied in the key's order (tenant, session id as PostgreSQL orders {@code uuid},
     * time), so that consecutive rows land on the same leaf of the key: the heap, filled in the order received, shows
     * it. Ids with the high bit set and without it, queued out of order, two tenants: a signed comparison of the ids,
     * or none, fails.
     */
    @Test
    void theSamplesAreWrittenInTheKeysOrder() {
        List<SessionSample> unit = new ArrayList<>();
        long[] highs = {0x7fff_0000_0000_0000L, 0x8000_0000_0000_0001L, 0x0000_0000_0000_0001L, 0xffff_0000_0000_0000L};
        for (int minute = 3; minute >= 0; minute--) {
            for (long high : highs) {
                for (TenantId tenant : List.of(ACME, TenantId.DEFAULT)) {
                    SessionId session = new SessionId(new java.util.UUID(high, tenant == ACME ? 2 : 1));
                    unit.add(sample(tenant, session, AT.plusSeconds(60L * minute), minute, true));
                }
            }
        }
        queue(unit);

        fold.run(100);

        List<String> byKey = rows("SELECT tenant_id || ' ' || session_id || ' ' || sampled_at FROM session_samples"
                + " ORDER BY tenant_id COLLATE \"C\", session_id, sampled_at");
        assertThat(byKey).hasSize(32);
        assertThat(
                        rows(
                                "SELECT tenant_id || ' ' || session_id || ' ' || sampled_at FROM session_samples ORDER BY ctid"))
                .containsExactlyElementsOf(byKey);
    }

    @Test
    void aStepWithMoreSamplesThanAStatementTakesStoresEveryOne() {
        int perUnit = UsageSampleFold.SAMPLES_PER_STATEMENT * 2 / 3;
        for (int unit = 0; unit < 3; unit++) {
            List<SessionSample> samples = new ArrayList<>();
            for (int i = 0; i < perUnit; i++) {
                samples.add(sample(TenantId.DEFAULT, SessionId.random(), AT.plusSeconds(i), unit * 10_000L + i, true));
            }
            queue(samples);
        }

        assertThat(fold.run(100)).isEqualTo(new UsageSampleFold.Result(3, 3 * perUnit, 0));
        assertThat(rows("SELECT count(*) || ' ' || sum(download_octets) FROM session_samples"))
                .containsExactly(3 * perUnit + " " + (10_000L * perUnit * 3 + 3L * perUnit * (perUnit - 1) / 2));
    }

    @Test
    void aLateSampleQueuesItsHourForTheRollUpsWhenItIsFolded() {
        SessionId late = SessionId.random();
        SessionId onTime = SessionId.random();
        queue(List.of(
                sample(TenantId.DEFAULT, late, Instant.parse("2026-01-03T22:10:00Z"), 1_000, true),
                sample(TenantId.DEFAULT, onTime, AT, 1_000, true)));
        assertThat(rows("SELECT count(*) FROM usage_late_hours")).containsExactly("0");

        fold.run(100);

        assertThat(rows("SELECT session_id || ' ' || to_char(hour AT TIME ZONE 'UTC', 'DD HH24:MI')" + " FROM "
                        + TestDatabase.LATE_HOURS))
                .containsExactly(late.value() + " 03 22:00");
    }

    @Test
    void aBatchThatCannotBeStoredIsSetAsideAndTheOthersAreFolded() throws SQLException {
        SessionId before = SessionId.random();
        SessionId after = SessionId.random();
        queue(List.of(sample(TenantId.DEFAULT, before, AT, 1_000, true)));
        // a row no unit writes: a record cut short, and a record of kind 0
        insertBatch(new byte[SampleBatchAppend.RECORD_BYTES + 3]);
        insertBatch(new byte[SampleBatchAppend.RECORD_BYTES]);
        queue(List.of(sample(TenantId.DEFAULT, after, AT, 3_000, true)));

        UsageSampleFold.Result result = fold.run(100);

        assertThat(result).isEqualTo(new UsageSampleFold.Result(2, 2, 2));
        assertThat(rows("SELECT download_octets FROM session_samples ORDER BY download_octets"))
                .containsExactly("1000", "3000");
        assertThat(rows("SELECT length(samples) FROM usage_sample_batches WHERE rejected_at IS NOT NULL ORDER BY seq"))
                .containsExactly("52", "49");
        assertThat(fold.backlog()).isEqualTo(new UsageSampleFold.Backlog(0, 2));
        assertThat(fold.run(100)).isEqualTo(new UsageSampleFold.Result(0, 0, 0));
    }

    @Test
    void aBatchSetAsideIsDeletedOnceOlderThanTheRawRetention() throws SQLException {
        insertBatch(new byte[3]);
        insertBatch(new byte[5]);
        assertThat(fold.run(100).rejected()).isEqualTo(2);
        database.execute("UPDATE usage_sample_batches SET rejected_at = now() - INTERVAL '15 days'"
                + " WHERE length(samples) = 3");

        new UsageMaintenance(database.dataSource()).run(Instant.now(), java.time.Duration.ofDays(14));

        assertThat(rows("SELECT length(samples) FROM usage_sample_batches")).containsExactly("5");
    }

    @Test
    void foldsSideBySideTakeEachBatchOnce() throws Exception {
        List<SessionId> sessions = new ArrayList<>();
        for (int unit = 0; unit < 600; unit++) {
            SessionId session = SessionId.random();
            sessions.add(session);
            queue(List.of(
                    sample(TenantId.DEFAULT, session, AT, unit, true),
                    sample(TenantId.DEFAULT, session, AT.plusSeconds(300), unit + 1, true)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<UsageSampleFold.Result>> folds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                folds.add(() -> new UsageSampleFold(database.dataSource()).run(Integer.MAX_VALUE));
            }
            int batches = 0;
            int samples = 0;
            for (Future<UsageSampleFold.Result> done : pool.invokeAll(folds)) {
                batches += done.get().batches();
                samples += done.get().samples();
            }
            assertThat(batches).isEqualTo(600);
            assertThat(samples).isEqualTo(1_200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("SELECT count(*) || ' ' || count(DISTINCT session_id) FROM session_samples"))
                .containsExactly("1200 600");
    }

    private void insertBatch(byte[] samples) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement st = connection.prepareStatement(
                        "INSERT INTO usage_sample_batches (tenant_id, samples) VALUES ('default', ?)")) {
            st.setBytes(1, samples);
            st.executeUpdate();
        }
    }

    private List<String> rows(String sql) {
        return database.column(sql);
    }
}

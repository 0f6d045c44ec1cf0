package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
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
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.in.BandwidthQuery;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.BandwidthService;
import io.sessionkeeper.domain.testing.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UsageHistoryTest {
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
    private final AccountingService accounting = new AccountingService(repository, AccountingPolicy.DEFAULT);
    private final PostgresUsageSamples samples = new PostgresUsageSamples(database.dataSource());
    private final PostgresUsageHistory history = new PostgresUsageHistory(database.dataSource());
    private final UsageRollups rollups = new UsageRollups(database.dataSource());
    private final UsageMaintenance maintenance = new UsageMaintenance(database.dataSource());
    private final Nas nas = Fixtures.nas("Usage Router", "192.0.2.130");

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
        database.foldSamples();
    }

    private static AccountingEvent.Builder counters(AccountingEvent.Builder event, long download, long upload) {
        return event.outputOctets(download, 0).inputOctets(upload, 0);
    }

    private Session session(String acctSessionId) {
        List<String> ids = rows("SELECT id FROM sessions WHERE acct_session_id = '" + acctSessionId + "'");
        return repository.findById(TENANT, SessionId.parse(ids.get(0))).orElseThrow();
    }

    private long count(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private List<String> rows(String sql) {
        List<String> result = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rows.getString(i));
                }
                result.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return result;
    }

    @Nested
    class Samples {
        @Test
        void everyPacketAppendsOneSampleInItsTransactionAndARetransmissionNone() {
            track(start(nas, "alice", "S1", T0));
            track(
                    counters(interim(nas, "alice", "S1", T0.plusSeconds(300), 300), 1_000, 100),
                    counters(interim(nas, "alice", "S1", T0.plusSeconds(300), 300), 1_000, 100));
            track(counters(interim(nas, "alice", "S1", T0.plusSeconds(300), 300), 1_000, 100));
            track(counters(stop(nas, "alice", "S1", T0.plusSeconds(600), 600), 2_000, 200));
            SessionId id = session("S1").id();

            assertThat(count("SELECT count(*) FROM session_samples")).isEqualTo(3);
            assertThat(samples.between(TENANT, id, T0, T0.plusSeconds(3600), 100))
                    .containsExactly(
                            new UsageSample(T0, 0, 0, 0, UsageSample.Kind.START),
                            new UsageSample(T0.plusSeconds(300), 1_000, 100, 300, UsageSample.Kind.INTERIM),
                            new UsageSample(T0.plusSeconds(600), 2_000, 200, 600, UsageSample.Kind.STOP));
            assertThat(samples.covering(TENANT, id, T0.plusSeconds(200), T0.plusSeconds(400), 100))
                    .extracting(UsageSample::at)
                    .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(600));
            assertThat(samples.between(Fixtures.OTHER_TENANT, id, T0, T0.plusSeconds(3600), 100))
                    .isEmpty();
        }

        @Test
        void aSampleAnotherInstanceStoresAtTheSameMomentFailsTheBatchOnceAndTheRetrySkipsIt() throws Exception {
            track(start(nas, "alice", "S1", T0));
            SessionId id = session("S1").id();
            // "another instance": the same sample, inserted and not yet committed, so that the batch's look-up misses
            // it and its insert waits on the key, then fails on it when the other commits
            try (Connection other = database.dataSource().getConnection()) {
                other.setAutoCommit(false);
                try (Statement st = other.createStatement()) {
                    st.executeUpdate("INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets,"
                            + " upload_octets, session_time, kind) VALUES ('" + TENANT.value() + "', '" + id
                            + "', '" + T0.plusSeconds(300) + "', 1000, 100, 300, 2)");
                }
                var batch = java.util.concurrent.CompletableFuture.runAsync(
                        () -> track(counters(interim(nas, "alice", "S1", T0.plusSeconds(300), 300), 1_000, 100)));
                Thread.sleep(300);
                assertThat(batch).as("the batch waits on the uncommitted key").isNotDone();
                other.commit();
                batch.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(count("SELECT count(*) FROM session_samples")).isEqualTo(2);
            assertThat(session("S1").usage().downloadOctets()).isEqualTo(1_000);
        }

        @Test
        void aSampleWronglyMarkedNewerThanTheStoredOnesIsStoredOnceAndItsPacketAccepted() {
            track(start(nas, "alice", "S1", T0));
            SessionId id = session("S1").id();
            // a sample after the session's stored last update (T0), written behind the domain's back: the next
            // interim at that time is marked newer, so its first attempt skips the look-up and fails on the key
            execute("INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets,"
                    + " session_time, kind) VALUES ('" + TENANT.value() + "', '" + id + "', '" + T0.plusSeconds(300)
                    + "', 1000, 100, 300, 2)");

            track(counters(interim(nas, "alice", "S1", T0.plusSeconds(300), 300), 1_000, 100));

            assertThat(count("SELECT count(*) FROM session_samples")).isEqualTo(2);
            assertThat(session("S1").lastUpdate()).isEqualTo(T0.plusSeconds(300));
            assertThat(session("S1").usage().downloadOctets()).isEqualTo(1_000);
        }

        @Test
        void aSampleMarkedNewerSkipsTheLookUpOnAFirstAttemptOnly() {
            SessionId id = SessionId.random();
            UsageSample at300 = new UsageSample(T0.plusSeconds(300), 1_000, 100, 300, UsageSample.Kind.INTERIM);
            execute("INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets,"
                    + " session_time, kind) VALUES ('" + TENANT.value() + "', '" + id + "', '" + at300.at()
                    + "', 1000, 100, 300, 2)");
            List<SessionSample> marked = List.of(new SessionSample(TENANT, id, at300, true));
            DSLContext dsl = DSL.using(database.dataSource(), SQLDialect.POSTGRES);

            // trusted: no look-up, so the taken key fails the insert (what the unit's retry then recovers from)
            assertThatThrownBy(() -> dsl.transaction(c -> SamplesStatements.append(c.dsl(), marked, true)))
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(TransientFailures.isTransient((DataAccessException) e))
                            .isTrue());
            // not trusted (a retry): the look-up finds the key and the sample is skipped
            dsl.transaction(c -> SamplesStatements.append(c.dsl(), marked, false));

            assertThat(count("SELECT count(*) FROM session_samples")).isEqualTo(1);
        }

        @Test
        void aSampleOfADayWithoutPartitionLandsInTheDefaultPartitionAndMovesIntoTheDayWhenItIsMade() {
            Instant farAway = Instant.parse("2031-05-17T10:00:00Z");
            track(start(nas, "alice", "S2", farAway));

            assertThat(count("SELECT count(*) FROM session_samples_default")).isEqualTo(1);

            UsageMaintenance.Result made = maintenance.run(farAway, Duration.ofDays(14));

            assertThat(made.partitionsCreated()).isGreaterThanOrEqualTo(9);
            assertThat(made.defaultRows()).isZero();
            assertThat(count("SELECT count(*) FROM session_samples_p20310517")).isEqualTo(1);
            assertThat(samples.between(TENANT, session("S2").id(), farAway, farAway.plusSeconds(1), 10))
                    .hasSize(1);
        }

        @Test
        void partitionsOlderThanTheRawRetentionAreDropped() {
            Instant day = Instant.parse("2030-03-01T12:00:00Z");
            maintenance.run(day, Duration.ofDays(14));
            track(start(nas, "alice", "S3", day));
            assertThat(count("SELECT count(*) FROM session_samples_p20300301")).isEqualTo(1);

            UsageMaintenance.Result later = maintenance.run(day.plus(Duration.ofDays(15)), Duration.ofDays(14));

            assertThat(later.partitionsDropped()).isGreaterThanOrEqualTo(1);
            assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'session_samples_p20300301'"))
                    .isZero();
            assertThat(count("SELECT count(*) FROM session_samples WHERE session_id = '"
                            + session("S3").id() + "'"))
                    .isZero();
        }
    }

    @Nested
    class RollUps {
        /**
         * A session of five hours, 10:00-15:00, one interim every 5 minutes, 1,000,000 octets down and 100,000 up
         * per minute, except that the 11:25-11:35 interval carries 5,000,000 octets more, all of them before 11:30: an
         * interim at 11:30 that arrives late (after the roll-up) moves 2,500,000 octets from the 11:30 quarter into
         * the 11:15 one.
         */
        private void session(boolean withTheInterimOf1130) {
            List<AccountingEvent.Builder> events = new ArrayList<>();
            events.add(start(nas, "carol", "R1", T0));
            for (int minute = 5; minute <= 300; minute += 5) {
                if (minute == 90 && !withTheInterimOf1130) {
                    continue;
                }
                events.add(counters(
                        interim(nas, "carol", "R1", T0.plusSeconds(minute * 60L), minute * 60L),
                        download(minute),
                        minute * 100_000L));
            }
            for (AccountingEvent.Builder event : events) {
                track(event);
            }
        }

        private long download(int minute) {
            // 1 MB a minute; from 11:25 (minute 85) on, 10 MB more, all sent by 11:30
            long base = minute * 1_000_000L;
            return minute >= 90 ? base + 5_000_000L : base;
        }

        private List<String> quarters() {
            return rows("SELECT bucket AT TIME ZONE 'UTC', download_octets, upload_octets, sessions"
                    + " FROM usage_nas_quarters ORDER BY bucket");
        }

        @Test
        void aRollUpRunTwiceChangesNothingAndItsTotalsAreTheSessions() {
            session(true);
            Instant now = T0.plus(Duration.ofHours(6));

            UsageRollups.Result first = rollups.run(now, SETTLE, 100);
            List<String> once = quarters();
            List<String> hours = rows("SELECT * FROM usage_session_hours ORDER BY hour");
            UsageRollups.Result second = rollups.run(now, SETTLE, 100);

            assertThat(first.quarters()).isGreaterThan(0);
            assertThat(second.quarters()).isZero();
            assertThat(quarters()).isEqualTo(once);
            assertThat(rows("SELECT * FROM usage_session_hours ORDER BY hour")).isEqualTo(hours);
            // 20 quarters of 10:00-15:00, 15,000,000 octets each but the two around 11:30
            assertThat(once).hasSize(20);
            assertThat(once.get(0)).isEqualTo("2026-01-04 10:00:00 15000000 1500000 1");
            assertThat(once.get(5)).isEqualTo("2026-01-04 11:15:00 20000000 1500000 1");
            assertThat(once.get(6)).isEqualTo("2026-01-04 11:30:00 15000000 1500000 1");
            assertThat(count("SELECT sum(download_octets) FROM usage_nas_quarters"))
                    .isEqualTo(download(300));
            assertThat(count("SELECT sum(download_octets) FROM usage_tenant_quarters"))
                    .isEqualTo(download(300));
            assertThat(count("SELECT sum(download_octets) FROM usage_customer_hours WHERE username = 'carol'"))
                    .isEqualTo(download(300));
            // 16:00 less the 5 minutes' settling: the quarter that ended at 15:45
            assertThat(history.rolledUntil()).isEqualTo(T0.plus(Duration.ofMinutes(345)));
        }

        /**
         * The same session, its packets sent as they happen and the job run 2 minutes after every one (ADR 60): each
         * quarter is rolled once it ended 2 minutes before, and the figures it has then are its final ones, though its
         * hour is recomputed at each of the hour's later quarters; the hour's quarters after the watermark are never
         * taken for rolled.
         */
        @Test
        void rolledQuarterByQuarterAsThePacketsComeEachQuarterHasItsFinalFiguresFromItsRoll() {
            Duration settle = Duration.ofMinutes(2);
            Map<String, String> asRolled = new LinkedHashMap<>();
            track(start(nas, "carol", "R1", T0));
            for (int minute = 5; minute <= 315; minute += 5) {
                if (minute <= 300) {
                    track(counters(
                            interim(nas, "carol", "R1", T0.plusSeconds(minute * 60L), minute * 60L),
                            download(minute),
                            minute * 100_000L));
                }
                Instant now = T0.plusSeconds(minute * 60L).plus(settle);
                UsageRollups.Result result = rollups.run(now, settle, 100);
                // the hour rolled, never the hour before recomputed to what it was (nor its day rolled again)
                assertThat(result.sessionHours()).isLessThanOrEqualTo(1);

                Instant rolledUntil = history.rolledUntil();
                assertThat(rolledUntil).isEqualTo(T0.plusSeconds(minute / 15 * 15 * 60L));
                for (String quarter : quarters()) {
                    String bucket = quarter.substring(0, "2026-01-04 10:00:00".length());
                    if (Instant.parse(bucket.replace(' ', 'T') + "Z").isBefore(rolledUntil)) {
                        asRolled.putIfAbsent(bucket, quarter);
                    }
                }
            }

            List<String> last = quarters();
            assertThat(last).hasSize(20).containsExactlyElementsOf(asRolled.values());
            assertThat(last.get(0)).isEqualTo("2026-01-04 10:00:00 15000000 1500000 1");
            assertThat(last.get(5)).isEqualTo("2026-01-04 11:15:00 20000000 1500000 1");
            assertThat(last.get(6)).isEqualTo("2026-01-04 11:30:00 15000000 1500000 1");
            assertThat(count("SELECT sum(download_octets) FROM usage_customer_hours WHERE username = 'carol'"))
                    .isEqualTo(download(300));
            assertThat(count("SELECT count(*) FROM usage_late_hours")).isZero();
        }

        /**
         * The sample before a quarter is looked for by day (its UTC day, the day before, then any earlier one): over
         * day partitions, a session whose interval crosses midnight finds it the day before, and one silent for more
         * than a day finds it further back; every octet of both lands in their hours.
         */
        @Test
        void theSampleBeforeAQuarterIsFoundOnTheDayBeforeOrFurtherBack() {
            Instant d0 = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
            Instant d1 = d0.plus(Duration.ofDays(1));
            Instant d2 = d1.plus(Duration.ofDays(1));
            maintenance.run(d0, Duration.ofDays(14));
            // S1: silent from 23:50 on day 0 to 00:10 on day 2
            track(start(nas, "silent", "S1", d0.plus(Duration.ofHours(22))));
            track(counters(interim(nas, "silent", "S1", d1.minusSeconds(600), 6_600), 6_600_000, 660_000));
            track(counters(interim(nas, "silent", "S1", d2.plusSeconds(600), 94_800), 9_000_000, 900_000));
            track(counters(stop(nas, "silent", "S1", d2.plusSeconds(1_200), 95_400), 9_600_000, 960_000));
            // M1: across midnight between day 1 and day 2, 23:55 to 00:05
            track(start(nas, "midnight", "M1", d2.minusSeconds(1_200)));
            track(counters(interim(nas, "midnight", "M1", d2.minusSeconds(300), 900), 900_000, 90_000));
            track(counters(interim(nas, "midnight", "M1", d2.plusSeconds(300), 1_500), 1_500_000, 150_000));
            track(counters(stop(nas, "midnight", "M1", d2.plusSeconds(900), 2_100), 2_100_000, 210_000));
            execute("UPDATE usage_rollup_state SET claimed_until = '" + d0 + "', rolled_until = '" + d0 + "'");

            rollups.run(d2.plus(Duration.ofHours(1)), SETTLE, 1_000);

            assertThat(count("SELECT count(DISTINCT tableoid) FROM session_samples"))
                    .as("the samples in three day partitions")
                    .isEqualTo(3);
            assertThat(rows("SELECT username, sum(down_q1 + down_q2 + down_q3 + down_q4),"
                            + " sum(up_q1 + up_q2 + up_q3 + up_q4) FROM usage_session_hours GROUP BY username"
                            + " ORDER BY username"))
                    .containsExactly("midnight 2100000 210000", "silent 9600000 960000");
            // the silent interval's octets over the hours of day 1 it spans, not all in day 2's first
            assertThat(count("SELECT count(*) FROM usage_session_hours WHERE username = 'silent' AND hour >= '" + d1
                            + "' AND hour < '" + d2 + "'"))
                    .isEqualTo(24);
        }

        /**
         * A customer's day re-rolled for some customers is planned with its array every time: a server-side prepared
         * statement (the driver makes one at the fifth execution on a connection, and the job rolls every day on one)
         * may get a generic plan, which compares each session hour with every name of the array in turn (38.5 s for
         * 5,000 names over 656,000 session hours).
         */
        @Test
        void aCustomersDayIsNeverRolledByAServerSidePreparedStatement() throws SQLException {
            session(true);
            rollups.run(T0.plus(Duration.ofHours(6)), SETTLE, 100);
            try (Connection connection = database.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                for (int i = 0; i < 8; i++) {
                    UsageRollups.rollDay(connection, TENANT.value(), T0.truncatedTo(ChronoUnit.DAYS), Set.of("carol"));
                }
                try (Statement st = connection.createStatement();
                        ResultSet rows = st.executeQuery("SELECT count(*) FROM pg_prepared_statements"
                                + " WHERE statement LIKE '%INSERT INTO usage_customer_days%'")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isZero();
                }
                connection.commit();
            }
            assertThat(rows("SELECT day AT TIME ZONE 'UTC', download_octets FROM usage_customer_days"))
                    .containsExactly("2026-01-04 00:00:00 " + download(300));
        }

        @Test
        void aLateInterimReRollsItsBucketsAndOnlyThem() {
            session(false);
            Instant now = T0.plus(Duration.ofHours(6));
            rollups.run(now, SETTLE, 100);
            List<String> before = quarters();
            // without the 11:30 interim the 11:25-11:35 interval's 15 MB were spread evenly over 11:15 and 11:30
            assertThat(before.get(5)).isEqualTo("2026-01-04 11:15:00 17500000 1500000 1");
            assertThat(before.get(6)).isEqualTo("2026-01-04 11:30:00 17500000 1500000 1");

            track(counters(interim(nas, "carol", "R1", T0.plusSeconds(90 * 60), 90 * 60), download(90), 9_000_000));
            assertThat(count("SELECT count(*) FROM " + TestDatabase.LATE_HOURS)).isEqualTo(1);
            UsageRollups.Result late = rollups.run(now, SETTLE, 100);
            List<String> after = quarters();
            rollups.run(now, SETTLE, 100);

            assertThat(late.lateHours()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM usage_late_hours")).isZero();
            assertThat(after.get(5)).isEqualTo("2026-01-04 11:15:00 20000000 1500000 1");
            assertThat(after.get(6)).isEqualTo("2026-01-04 11:30:00 15000000 1500000 1");
            for (int i = 0; i < after.size(); i++) {
                if (i != 5 && i != 6) {
                    assertThat(after.get(i)).isEqualTo(before.get(i));
                }
            }
            assertThat(quarters()).isEqualTo(after);
            assertThat(count("SELECT sum(download_octets) FROM usage_nas_quarters"))
                    .isEqualTo(download(300));
        }

        /**
         * During a rolling upgrade an instance of the version before V40 queues late hours a row a session and hour
         * in {@code usage_dirty_hours}: the re-roll takes those too, and empties both queues.
         */
        @Test
        void aLateHourQueuedByTheVersionBeforeV40IsReRolledToo() {
            session(false);
            Instant now = T0.plus(Duration.ofHours(6));
            rollups.run(now, SETTLE, 100);
            track(counters(interim(nas, "carol", "R1", T0.plusSeconds(90 * 60), 90 * 60), download(90), 9_000_000));
            execute("INSERT INTO usage_dirty_hours SELECT tenant_id, session_id, hour FROM " + TestDatabase.LATE_HOURS);
            execute("DELETE FROM usage_late_hours");
            assertThat(count("SELECT count(*) FROM usage_dirty_hours")).isEqualTo(1);

            UsageRollups.Result late = rollups.run(now, SETTLE, 100);

            assertThat(late.lateHours()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM usage_dirty_hours")).isZero();
            List<String> after = quarters();
            assertThat(after.get(5)).isEqualTo("2026-01-04 11:15:00 20000000 1500000 1");
            assertThat(after.get(6)).isEqualTo("2026-01-04 11:30:00 15000000 1500000 1");
        }

        @Test
        void aCustomersDayIsRolledOnceTheDayIsWholeAndTheApiReadsTheRollUps() {
            session(true);
            rollups.run(Instant.parse("2026-01-05T01:00:00Z"), SETTLE, 100);

            assertThat(rows("SELECT day AT TIME ZONE 'UTC', download_octets, sessions FROM usage_customer_days"))
                    .containsExactly("2026-01-04 00:00:00 " + download(300) + " 1");
            assertThat(history.rolledUp(
                            TENANT,
                            new UsageHistory.OfNas(nas.id()),
                            UsageHistory.Grain.QUARTER_HOUR,
                            T0,
                            T0.plus(Duration.ofHours(1))))
                    .hasSize(4)
                    .allSatisfy(b -> assertThat(b.downloadOctets()).isEqualTo(15_000_000L));
            assertThat(history.rolledUp(
                            Fixtures.OTHER_TENANT,
                            new UsageHistory.OfNas(nas.id()),
                            UsageHistory.Grain.QUARTER_HOUR,
                            T0,
                            T0.plus(Duration.ofHours(1))))
                    .isEmpty();
        }

        /**
         * A session of 4 hours across midnight, 2026-01-04 22:00 to 01-05 02:00, an interim every 5 minutes, the
         * download counter at 10,000 × minute² octets (upload a tenth): each hour carries more than the one before
         * (36, 108, 180, 252 MB: 80, 240, 400, 560 kbps), so a misplaced hour shows.
         */
        private Session sessionAcrossMidnight(Instant start) {
            track(start(nas, "dave", "D1", start));
            for (long minute = 5; minute <= 240; minute += 5) {
                Instant at = start.plusSeconds(minute * 60);
                AccountingEvent.Builder event = minute == 240
                        ? stop(nas, "dave", "D1", at, minute * 60)
                        : interim(nas, "dave", "D1", at, minute * 60);
                track(counters(event, 10_000L * minute * minute, 1_000L * minute * minute));
            }
            return UsageHistoryTest.this.session("D1");
        }

        private Bandwidth series(
                BandwidthService service, Session session, BandwidthInterval interval, Instant from, Instant to) {
            return service.bandwidth(
                    new BandwidthQuery(TENANT, new BandwidthQuery.OfSession(session.id()), interval, from, to));
        }

        private static List<Bandwidth.Rate> rates(Bandwidth series) {
            return series.points().stream().map(Bandwidth.Point::rate).toList();
        }

        @Test
        void aSessionsSeriesPastTheRawRetentionComesFromItsRollUpExactlyAndTheRestFromItsSamples() {
            Instant start = Instant.parse("2026-01-04T22:00:00Z");
            Instant midnight = Instant.parse("2026-01-05T00:00:00Z");
            Instant end = start.plus(Duration.ofHours(4));
            maintenance.run(start, Duration.ofDays(14));
            Session session = sessionAcrossMidnight(start);
            rollups.run(end.plus(Duration.ofHours(1)), SETTLE, 100);
            Instant now = Instant.parse("2026-01-19T00:30:00Z");
            BandwidthService service = new BandwidthService(
                    repository,
                    samples,
                    history,
                    new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER),
                    java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
            Bandwidth hourlyFromSamples = series(service, session, BandwidthInterval.ONE_HOUR, null, null);
            Bandwidth quartersFromSamples = series(service, session, BandwidthInterval.FIFTEEN_MINUTES, null, null);
            Bandwidth lastHourFromSamples =
                    series(service, session, BandwidthInterval.FIVE_MINUTES, end.minus(Duration.ofHours(1)), end);

            // the raw retention (14 days) on 2026-01-19 drops the days up to 01-04: the samples before midnight
            UsageMaintenance.Result retention = maintenance.run(now, Duration.ofDays(14));

            assertThat(retention.partitionsDropped()).isGreaterThanOrEqualTo(2);
            assertThat(history.samplesKeptSince()).isEqualTo(midnight);
            assertThat(count("SELECT count(*) FROM session_samples WHERE session_id = '" + session.id() + "'"))
                    .as("00:00 to 02:00 every 5 minutes")
                    .isEqualTo(25);
            Bandwidth hourly = series(service, session, BandwidthInterval.ONE_HOUR, null, null);
            assertThat(rates(hourly))
                    .containsExactly(
                            new Bandwidth.Rate(80.0, 8.0),
                            new Bandwidth.Rate(240.0, 24.0),
                            new Bandwidth.Rate(400.0, 40.0),
                            new Bandwidth.Rate(560.0, 56.0))
                    .isEqualTo(rates(hourlyFromSamples));
            assertThat(hourly.points())
                    .extracting(Bandwidth.Point::source)
                    .containsExactly(
                            Bandwidth.Source.ROLLUP,
                            Bandwidth.Source.ROLLUP,
                            Bandwidth.Source.SAMPLES,
                            Bandwidth.Source.SAMPLES);
            assertThat(hourly.interimInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(rates(series(service, session, BandwidthInterval.FIFTEEN_MINUTES, null, null)))
                    .hasSize(16)
                    .isEqualTo(rates(quartersFromSamples));
            // the part still in the raw samples keeps every interval
            assertThat(series(service, session, BandwidthInterval.FIVE_MINUTES, end.minus(Duration.ofHours(1)), end))
                    .isEqualTo(lastHourFromSamples);
            // finer than the roll-up's quarters over the dropped part: refused, naming the parameter; unasked, 15m
            assertThatThrownBy(() -> series(service, session, BandwidthInterval.FIVE_MINUTES, null, null))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field())
                            .isEqualTo("interval"));
            assertThat(series(service, session, null, null, null).interval())
                    .isEqualTo(BandwidthInterval.FIFTEEN_MINUTES);
        }
    }

    @Nested
    class NasSeries {
        private final Nas other = Fixtures.nas("Other Router", "192.0.2.131");

        /** A session of {@code nasOf} with a sample every 5 minutes from {@code first} to {@code last}. */
        private void everyFiveMinutes(
                Nas nasOf, String user, String id, Instant first, Instant last, long perMinute, boolean stops) {
            track(start(nasOf, user, id, first));
            for (Instant at = first.plusSeconds(300); !at.isAfter(last); at = at.plusSeconds(300)) {
                long minutes = Duration.between(first, at).toMinutes();
                AccountingEvent.Builder event = stops && at.equals(last)
                        ? stop(nasOf, user, id, at, minutes * 60)
                        : interim(nasOf, user, id, at, minutes * 60);
                track(counters(event, minutes * perMinute, minutes * perMinute / 10));
            }
        }

        private Bandwidth nasSeries(Instant from, Instant to) {
            BandwidthService service = new BandwidthService(
                    repository,
                    samples,
                    history,
                    new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER),
                    java.time.Clock.fixed(T0.plus(Duration.ofHours(4)), java.time.ZoneOffset.UTC));
            return service.bandwidth(new BandwidthQuery(
                    TENANT, new BandwidthQuery.OfNas(nas.id()), BandwidthInterval.ONE_HOUR, from, to));
        }

        /** The acct-session-ids of the NAS's sessions that {@link PostgresUsageHistory#samples} finds over a range. */
        private List<String> nasSessionsFound(Instant from, Instant to) {
            return history.samples(TENANT, new UsageHistory.OfNas(nas.id()), from, to).stream()
                    .map(found -> rows("SELECT acct_session_id FROM sessions_all WHERE id = '"
                                    + found.session().value() + "'")
                            .get(0))
                    .sorted()
                    .toList();
        }

        /**
         * The sample before a range that begins after midnight is the last one before it, whichever day holds it:
         * {@code from}'s day first, the day before only when that has none.
         */
        @Test
        void theSampleBeforeARangeIsTheLastBeforeItOnItsDayOrTheDayBefore() {
            Instant midnight = T0.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            maintenance.run(midnight, Duration.ofDays(14));
            track(start(nas, "carol", "A1", midnight.minusSeconds(600)));
            track(counters(interim(nas, "carol", "A1", midnight.minusSeconds(300), 300), 3_000, 300));
            track(counters(interim(nas, "carol", "A1", midnight.plusSeconds(600), 1_200), 12_000, 1_200));
            track(start(nas, "bob", "B1", midnight.minusSeconds(60)));
            track(counters(interim(nas, "bob", "B1", midnight.plusSeconds(60), 120), 1_000, 100));
            track(counters(interim(nas, "bob", "B1", midnight.plusSeconds(420), 480), 5_000, 500));
            Instant from = midnight.plusSeconds(300);

            Map<String, List<Instant>> found = new LinkedHashMap<>();
            for (UsageHistory.SessionSamples one :
                    history.samples(TENANT, new UsageHistory.OfNas(nas.id()), from, from.plusSeconds(600))) {
                found.put(
                        rows("SELECT acct_session_id FROM sessions WHERE id = '"
                                        + one.session().value() + "'")
                                .get(0),
                        one.samples().stream().map(UsageSample::at).toList());
            }

            assertThat(found)
                    .containsOnly(
                            Map.entry("A1", List.of(midnight.minusSeconds(300), midnight.plusSeconds(600))),
                            Map.entry("B1", List.of(midnight.plusSeconds(60), midnight.plusSeconds(420))));
        }

        /**
         * The last hour before now (ADR 61): the NAS's open sessions (one started hours before it, one in it) and the
         * one closed in the hour; not the one closed before it, nor another NAS's. Nothing here is archived: no session
         * closed within the archival's least age can be.
         */
        @Test
        void aNasSessionsOverARecentRangeAreItsOpenOnesAndThoseClosedSinceItsStart() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            maintenance.run(now, Duration.ofDays(14));
            Instant from = now.minus(Duration.ofHours(1));
            everyFiveMinutes(nas, "carol", "A1", now.minus(Duration.ofHours(5)), now.minusSeconds(60), 1_000, false);
            everyFiveMinutes(nas, "bob", "B1", now.minus(Duration.ofHours(3)), now.minusSeconds(1_800), 1_000, true);
            everyFiveMinutes(nas, "eve", "E1", now.minus(Duration.ofHours(3)), from.minusSeconds(300), 1_000, true);
            everyFiveMinutes(nas, "fred", "F1", now.minusSeconds(1_200), now.minusSeconds(300), 1_000, false);
            everyFiveMinutes(other, "dora", "D1", now.minus(Duration.ofHours(3)), now.minusSeconds(60), 1_000, false);

            assertThat(nasSessionsFound(from, now)).containsExactly("A1", "B1", "F1");
        }

        /**
         * A range older than the archival's least age (ADR 61): the NAS's sessions closed in it are found in the
         * history too, once archived; the one closed before it is not.
         */
        @Test
        void aNasSessionsOverAnOlderRangeAreFoundInTheHistoryOnceArchived() {
            maintenance.run(T0, Duration.ofDays(14));
            everyFiveMinutes(nas, "carol", "A1", T0, T0.plus(Duration.ofHours(2)), 1_000, true);
            everyFiveMinutes(nas, "bob", "B1", T0, T0.plus(Duration.ofMinutes(30)), 1_000, true);
            everyFiveMinutes(
                    nas, "fred", "F1", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(3)), 1_000, false);
            everyFiveMinutes(other, "dora", "D1", T0, T0.plus(Duration.ofHours(2)), 1_000, true);
            Instant from = T0.plus(Duration.ofHours(1));
            Instant to = T0.plus(Duration.ofHours(2));
            List<String> hot = nasSessionsFound(from, to);

            SessionArchive.Result archived = new SessionArchive(database.dataSource(), 1)
                    .run(
                            T0.plus(Duration.ofDays(100)),
                            new SessionArchive.Policy(Duration.ofDays(90), Map.of(), null, null));

            assertThat(archived.archived())
                    .as("carol's, bob's and dora's sessions")
                    .isEqualTo(3);
            assertThat(hot).containsExactly("A1", "F1");
            assertThat(nasSessionsFound(from, to))
                    .as("carol's from the history")
                    .containsExactly("A1", "F1");
        }

        /**
         * The NAS's series 10:00-12:45 at 1h, rolled up to 12:00: its last hour comes from the samples of the sessions
         * active in 12:00-12:45, found as the NAS's open sessions and those closed since 12:00 (ADR 61). Among them one
         * whose NAS sends no interim (a Start at 10:00 and a Stop at 13:30, no sample in the hour), one stopped and one
         * started in it; beside them one stopped at 11:30, one of another NAS and 40 of two days before. The hour is
         * the same point, every figure, as when the whole range came from the sessions found by the NAS's index
         * (before any roll-up).
         */
        @Test
        void theLastHourAfterTheRollUpsIsTheSameSeriesAsFromTheSamplesOfTheNasSessions() {
            maintenance.run(T0, Duration.ofDays(14));
            // the NAS's history (two days before): sessions that a read of every session of the NAS would find too
            Instant twoDaysBefore = T0.minus(Duration.ofDays(2));
            for (int i = 0; i < 40; i++) {
                track(start(nas, "old" + i, "H" + i, twoDaysBefore.plusSeconds(60L * i)));
                track(stop(nas, "old" + i, "H" + i, twoDaysBefore.plusSeconds(60L * i + 30), 30));
            }
            Instant rolled = T0.plus(Duration.ofHours(2));
            Instant to = rolled.plus(Duration.ofMinutes(45));
            everyFiveMinutes(nas, "carol", "A1", T0, rolled.plus(Duration.ofMinutes(40)), 1_000_000, false);
            everyFiveMinutes(
                    nas,
                    "bob",
                    "B1",
                    T0.plus(Duration.ofMinutes(30)),
                    rolled.plus(Duration.ofMinutes(20)),
                    2_000_000,
                    true);
            everyFiveMinutes(nas, "eve", "E1", T0, T0.plus(Duration.ofMinutes(90)), 4_000_000, true);
            everyFiveMinutes(
                    nas,
                    "fred",
                    "F1",
                    rolled.plus(Duration.ofMinutes(10)),
                    rolled.plus(Duration.ofMinutes(40)),
                    1_000_000,
                    false);
            everyFiveMinutes(other, "dora", "D1", T0, rolled.plus(Duration.ofMinutes(40)), 5_000_000, false);
            track(start(nas, "cindy", "C1", T0));
            track(counters(
                    stop(nas, "cindy", "C1", T0.plus(Duration.ofMinutes(210)), 210 * 60),
                    210 * 3_000_000L,
                    210 * 300_000L));
            Bandwidth fromTheNasSessions = nasSeries(T0, to);

            rollups.run(rolled.plus(Duration.ofMinutes(15)), SETTLE, 100);
            Bandwidth edge = nasSeries(T0, to);

            assertThat(history.rolledUntil()).isEqualTo(rolled);
            assertThat(edge.points())
                    .extracting(Bandwidth.Point::source)
                    .containsExactly(Bandwidth.Source.ROLLUP, Bandwidth.Source.ROLLUP, Bandwidth.Source.SAMPLES);
            assertThat(edge.points().get(2))
                    .isEqualTo(fromTheNasSessions.points().get(2));
            // 12:00-12:45: carol 40 min x 1 MB, bob 20 x 2 MB, cindy 45 x 3 MB, fred 30 x 1 MB; over the hour
            assertThat(edge.points().get(2).rate()).isEqualTo(Bandwidth.Rate.of(245_000_000L, 24_500_000L, 3600));
            assertThat(edge.points().get(2).sessions()).isEqualTo(4);
            // (the rolled 11:00 hour holds none of cindy's traffic: she has no sample in it, and the job rolls an
            // hour's
            // sessions from its samples; that is the roll-ups' rule, not this read's)
        }
    }
}

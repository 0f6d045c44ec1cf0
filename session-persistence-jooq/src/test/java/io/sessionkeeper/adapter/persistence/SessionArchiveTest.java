package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static io.sessionkeeper.domain.testing.Fixtures.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AddressLookupService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archival and retention of sessions over PostgreSQL (V30, {@link SessionArchive}): exactly the sessions past the
 * threshold move, twice changes nothing, a crash in the middle loses and duplicates nothing, reads find archived
 * sessions where they found them before, and the counters equal a recount across archival, detach and drop.
 */
class SessionArchiveTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final IpAddress A = IpAddress.parse("100.64.12.7");
    private static final IpAddress B = IpAddress.parse("100.64.12.8");

    /** The counters (V2) against a recount of both parts. */
    private static final String RECOUNT = """
            SELECT tenant_id, nas_id, connection_type, count(*), count(*) FILTER (WHERE stop_time IS NULL)
            FROM sessions_all GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";

    private static final String COUNTED = """
            SELECT tenant_id, nas_id, connection_type, sum(all_sessions)::bigint, sum(open_sessions)::bigint
            FROM session_counts GROUP BY 1, 2, 3 HAVING sum(all_sessions) <> 0 OR sum(open_sessions) <> 0
            ORDER BY 1, 2, 3""";
    private static final String RECOUNT_STARTS = """
            SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), count(*)
            FROM sessions_all GROUP BY 1, 2 ORDER BY 1, 2""";
    private static final String COUNTED_STARTS = """
            SELECT tenant_id, bucket, sum(started)::bigint FROM session_start_counts
            GROUP BY 1, 2 HAVING sum(started) <> 0 ORDER BY 1, 2""";

    private final TestDatabase database = TestDatabase.get();
    private final Nas nas = Fixtures.nas("Edge", "192.0.2.40");
    private final Nas otherNas = Fixtures.nas(OTHER_TENANT, "Globex Edge", "192.0.2.41");
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
    private AccountingService accounting;

    @TempDir
    Path directory;

    @BeforeEach
    void setUp() {
        database.truncate();
        dropDetachedTables();
        PostgresNasDirectory nasDirectory = new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
        nasDirectory.save(nas);
        nasDirectory.save(otherNas);
        accounting = new AccountingService(repository, AccountingPolicy.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        database.execute("DROP TRIGGER IF EXISTS archive_test_crash ON sessions_history");
        database.execute("DROP FUNCTION IF EXISTS archive_test_crash()");
        database.execute("DROP SEQUENCE IF EXISTS archive_test_statements");
        database.execute("DROP TRIGGER IF EXISTS archive_test_slow ON sessions_history");
        database.execute("DROP FUNCTION IF EXISTS archive_test_slow()");
        database.execute("DROP TABLE IF EXISTS archive_test_movers");
        dropDetachedTables();
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    /** A session of {@code nas} from {@code from} to {@code to} (open when null). */
    private void session(Nas on, String user, String id, Instant from, Instant to) {
        track(start(on, user, id, from).framedIp(A));
        if (to != null) {
            track(stop(on, user, id, to, Duration.between(from, to).toSeconds()).framedIp(A));
        }
    }

    private static SessionArchive.Policy keepFor(Duration archiveAfter) {
        return new SessionArchive.Policy(archiveAfter, Map.of(), null, null);
    }

    /** A NAS's sessions over the last week are read from the hot table alone (ADR 61): no policy may archive them. */
    @Test
    void noPolicyArchivesASessionClosedWithinAWeek() {
        assertThatThrownBy(() -> keepFor(Duration.ofDays(7).minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionArchive.Policy(
                        Duration.ofDays(90), Map.of(OTHER_TENANT.value(), Duration.ofDays(6)), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keepFor(SessionArchive.LEAST_AFTER).archiveAfter()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void archivalMovesExactlyTheSessionsPastTheThresholdAndTwiceChangesNothing() {
        Instant now = T0.plus(Duration.ofDays(120));
        session(nas, "old", "S1", T0, T0.plus(Duration.ofHours(2))); // closed 120 days ago
        session(nas, "edge", "S2", T0, now.minus(Duration.ofDays(90)).minusSeconds(1)); // a second past 90 days
        session(nas, "recent", "S3", T0, now.minus(Duration.ofDays(90)).plusSeconds(1)); // a second short of it
        session(nas, "open", "S4", T0, null); // open since T0: never archived
        session(otherNas, "globex-old", "X1", T0, T0.plus(Duration.ofHours(2))); // its tenant keeps 150 days
        session(otherNas, "globex-older", "X2", T0.minus(Duration.ofDays(40)), T0.minus(Duration.ofDays(39)));
        SessionArchive.Policy policy = new SessionArchive.Policy(
                Duration.ofDays(90), Map.of(OTHER_TENANT.value(), Duration.ofDays(150)), null, null);
        List<String> before = allIds();

        SessionArchive.Result first = new SessionArchive(database.dataSource()).run(now, policy);

        assertThat(first.archived()).isEqualTo(3);
        assertThat(usernames("sessions_history")).containsExactlyInAnyOrder("old", "edge", "globex-older");
        assertThat(usernames("sessions")).containsExactlyInAnyOrder("recent", "open", "globex-old");
        assertThat(allIds()).isEqualTo(before);
        assertThat(partitions())
                .as("from the oldest stop's month to two ahead")
                .contains("sessions_history_p202511", "sessions_history_p202605", "sessions_history_p202607");
        assertThat(first.partitionsCreated())
                .as("every month partition there now (setUp left none), the default one aside")
                .isEqualTo(partitions().size() - 1);
        assertCountersEqualARecount();

        SessionArchive.Result second = new SessionArchive(database.dataSource()).run(now, policy);

        assertThat(second.archived()).isZero();
        assertThat(second.partitionsCreated()).isZero();
        assertThat(usernames("sessions_history")).containsExactlyInAnyOrder("old", "edge", "globex-older");
        assertThat(allIds()).isEqualTo(before);
        assertCountersEqualARecount();
    }

    @Test
    void anArchivedSessionKeepsItsIdDetailListingEventsAndAddressHistory() {
        track(start(nas, "carol", "S1", T0).framedIp(A));
        track(interim(nas, "carol", "S1", T0.plusSeconds(600), 600).framedIp(B)); // an IP change: an event
        track(stop(nas, "carol", "S1", T0.plusSeconds(3600), 3600).framedIp(B));
        session(nas, "dave", "S2", T0.plus(Duration.ofDays(100)), null);
        track(start(nas, "erin", "S3", T0.plusSeconds(3600)).framedIp(B)); // B again, from carol's stop: still open
        SessionId carol = repository.find(SessionFilter.all(TENANT), 0, 10).stream()
                .filter(s -> s.username().equals("carol"))
                .findFirst()
                .orElseThrow()
                .id();

        new SessionArchive(database.dataSource()).run(T0.plus(Duration.ofDays(100)), keepFor(Duration.ofDays(90)));

        assertThat(usernames("sessions_history")).containsExactly("carol");
        assertThat(usernames("sessions")).containsExactly("dave", "erin");
        assertThat(repository.findById(TENANT, carol)).hasValueSatisfying(s -> {
            assertThat(s.username()).isEqualTo("carol");
            assertThat(s.stopTime()).isEqualTo(T0.plusSeconds(3600));
        });
        assertThat(repository.findById(OTHER_TENANT, carol))
                .as("another tenant's id")
                .isEmpty();
        SessionFilter completed = new SessionFilter(TENANT, SessionStatusFilter.COMPLETED, null, null, null);
        assertThat(repository.find(completed, 0, 10))
                .extracting(s -> s.username())
                .containsExactly("carol");
        assertThat(repository.count(completed)).isEqualTo(1);
        assertThat(repository.find(SessionFilter.all(TENANT), 0, 10))
                .extracting(s -> s.username())
                .containsExactly("dave", "erin", "carol");
        assertThat(repository.count(SessionFilter.all(TENANT))).isEqualTo(3);
        assertThat(new PostgresSessionEvents(database.dataSource()).of(TENANT, carol, 0, 10))
                .as("the IP change stays with the moved session")
                .hasSize(1);

        AddressLookupService lookup = new AddressLookupService(
                new PostgresAddressHistory(database.dataSource()),
                new PostgresAddressLookupAudit(database.dataSource()),
                new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER),
                new PostgresCustomerDirectory(database.dataSource()),
                new MutableClock(T0.plus(Duration.ofDays(100))));
        Principal caller = new Principal(new TokenId(UUID.randomUUID()), TENANT, Set.of(Permission.SESSIONS_LOOKUP))
                .withClientAddress(IpAddress.parse("198.51.100.9"));
        assertThat(lookup.lookup(caller, A, T0.plusSeconds(300)).holders())
                .extracting(h -> h.view().session().username())
                .containsExactly("carol");
        assertThat(lookup.lookup(caller, B, T0.plusSeconds(3599)).holders())
                .extracting(h -> h.view().session().username())
                .containsExactly("carol");
        assertThat(lookup.lookup(caller, A, T0.minusSeconds(1)).holders())
                .as("before its start")
                .isEmpty();
        assertThat(lookup.lookup(caller, A, T0).holders()).as("at its start").hasSize(1);
        assertThat(lookup.lookup(caller, B, T0.plusSeconds(3600)).holders())
                .as("at the archived session's stop, the hot one that took the address")
                .extracting(h -> h.view().session().username())
                .containsExactly("erin");
    }

    @Test
    void batchesAreBoundedAndACrashInTheMiddleLosesAndDuplicatesNothing() {
        for (int i = 0; i < 25; i++) {
            session(nas, "user" + i, "S" + i, T0.plusSeconds(i), T0.plusSeconds(3600 + i));
        }
        List<String> before = allIds();
        // the second batch's INSERT into the history fails, as a crash would end it: its transaction is rolled back
        crashAtInsertStatement(2, 0);
        Instant now = T0.plus(Duration.ofDays(100));

        assertThatThrownBy(() -> new SessionArchive(database.dataSource(), 1, 10, SessionArchive.CHUNK_PAGES)
                        .run(now, keepFor(Duration.ofDays(90))))
                .hasMessageContaining("crash");

        assertThat(count("sessions_history")).as("the first batch").isEqualTo(10);
        assertThat(count("sessions")).isEqualTo(15);
        assertThat(allIds()).as("nothing lost, nothing twice").isEqualTo(before);
        assertCountersEqualARecount();

        SessionArchive.Result resumed = new SessionArchive(database.dataSource(), 1, 10, SessionArchive.CHUNK_PAGES)
                .run(now, keepFor(Duration.ofDays(90)));

        assertThat(resumed.archived()).isEqualTo(15);
        assertThat(count("sessions_history")).isEqualTo(25);
        assertThat(count("sessions")).isZero();
        assertThat(allIds()).isEqualTo(before);
        assertThat(queryLong("SELECT last_value FROM archive_test_statements"))
                .as("statements: 10 + crash, then 10 + 5 (each batch one statement)")
                .isEqualTo(4);
        assertCountersEqualARecount();
    }

    /**
     * 90 sessions over three months, 70 of them due, on a hot table read one page a step by three workers, four
     * sessions a batch; each move statement waits 0.2 s (a trigger), so that the other workers take steps meanwhile.
     */
    @Test
    void severalWorkersMoveExactlyTheDueSessionsMakeEachMonthOnceAndLoseNothing() {
        Instant now = T0.plus(Duration.ofDays(160)); // the cut-off: T0 + 70 days
        List<String> due = sessionsOverThreeMonths(now);
        recordTheMoversAndSlowEachMove();
        List<String> before = allIds();

        SessionArchive.Result first =
                new SessionArchive(database.dataSource(), 3, 4, 1).run(now, keepFor(Duration.ofDays(90)));

        assertThat(first.archived()).isEqualTo(due.size()).isEqualTo(70);
        assertThat(usernames("sessions_history")).containsExactlyInAnyOrderElementsOf(due);
        assertThat(count("sessions")).isEqualTo(20);
        assertThat(allIds()).as("nothing lost, nothing twice").isEqualTo(before);
        assertThat(first.partitionsCreated())
                .as("each month made once though several workers met it")
                .isEqualTo(partitions().size() - 1);
        assertThat(queryLong("SELECT count(DISTINCT pid) FROM archive_test_movers"))
                .as("connections that moved sessions")
                .isGreaterThan(1);
        assertCountersEqualARecount();

        SessionArchive.Result second =
                new SessionArchive(database.dataSource(), 3, 4, 1).run(now, keepFor(Duration.ofDays(90)));

        assertThat(second.archived()).isZero();
        assertThat(second.partitionsCreated()).isZero();
        assertThat(allIds()).isEqualTo(before);
    }

    /**
     * The same round while another connection runs a statement for the whole of it (as accounting's writers do at full
     * speed): only the round's own connection moves sessions, and it moves them all.
     */
    @Test
    void theHelpersWaitWhileTheRestOfTheDatabaseIsBusyAndTheRoundStillMovesEverything() throws Exception {
        Instant now = T0.plus(Duration.ofDays(160));
        List<String> due = sessionsOverThreeMonths(now);
        recordTheMoversAndSlowEachMove();
        List<String> before = allIds();
        SessionArchive.Result result;
        try (Connection busy = database.dataSource().getConnection()) {
            int busyPid = busy.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            Thread sleeper = new Thread(() -> {
                try (Statement st = busy.createStatement()) {
                    st.execute("SELECT pg_sleep(60)");
                } catch (java.sql.SQLException cancelled) {
                    // cancelled at the end of the test
                }
            });
            sleeper.start();
            try {
                awaitActive(busyPid);
                result = new SessionArchive(database.dataSource(), 3, 4, 1).run(now, keepFor(Duration.ofDays(90)));
            } finally {
                database.execute("SELECT pg_cancel_backend(" + busyPid + ")");
                sleeper.join();
            }
        }

        assertThat(result.archived()).isEqualTo(due.size()).isEqualTo(70);
        assertThat(usernames("sessions_history")).containsExactlyInAnyOrderElementsOf(due);
        assertThat(allIds()).as("nothing lost, nothing twice").isEqualTo(before);
        assertThat(queryLong("SELECT count(DISTINCT pid) FROM archive_test_movers"))
                .as("connections that moved sessions: the round's own only")
                .isEqualTo(1);
        assertCountersEqualARecount();
    }

    /** 90 sessions over three months from T0, 70 of them closed before {@code now} − 90 days; their users. */
    private List<String> sessionsOverThreeMonths(Instant now) {
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Instant start = T0.plus(Duration.ofDays(i % 3 * 31L)).plusSeconds(i);
            boolean old = i % 3 != 0 || i < 30;
            Instant stop = old ? start.plus(Duration.ofHours(1)) : now.minus(Duration.ofDays(10));
            session(nas, "user" + i, "S" + i, start, stop);
            if (old) {
                due.add("user" + i);
            }
        }
        assertThat(queryLong("SELECT pg_relation_size('sessions') / 8192"))
                .as("steps of one page: several steps for the workers to share")
                .isGreaterThan(3);
        return due;
    }

    /** Each statement that inserts into the history records its backend and then waits 0.2 s. */
    private void recordTheMoversAndSlowEachMove() {
        database.execute("CREATE TABLE archive_test_movers (pid int)");
        database.execute("""
                CREATE FUNCTION archive_test_slow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO archive_test_movers VALUES (pg_backend_pid());
                  PERFORM pg_sleep(0.2);
                  RETURN NULL;
                END $$""");
        database.execute("CREATE TRIGGER archive_test_slow AFTER INSERT ON sessions_history"
                + " FOR EACH STATEMENT EXECUTE FUNCTION archive_test_slow()");
    }

    private void awaitActive(int pid) throws InterruptedException {
        String running = "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active'";
        for (int i = 0; i < 100 && queryLong(running) == 0; i++) {
            Thread.sleep(50);
        }
        assertThat(queryLong(running))
                .as("the other connection runs its statement")
                .isEqualTo(1);
    }

    @Test
    void aFailureOnOneWorkerEndsTheRoundWithItsErrorAndTheNextRoundMovesTheRest() {
        for (int i = 0; i < 60; i++) {
            session(nas, "user" + i, "S" + i, T0.plusSeconds(i), T0.plusSeconds(3600 + i));
        }
        List<String> before = allIds();
        crashAtInsertStatement(3, 0.05); // the others wait 0.05 s: both workers have a batch under way
        Instant now = T0.plus(Duration.ofDays(100));
        SessionArchive archive = new SessionArchive(database.dataSource(), 2, 4, 1);

        assertThatThrownBy(() -> archive.run(now, keepFor(Duration.ofDays(90)))).hasMessageContaining("crash");

        long moved = count("sessions_history");
        assertThat(moved)
                .as("the batches before the failure and those under way beside it")
                .isLessThan(60);
        assertThat(allIds()).as("nothing lost, nothing twice").isEqualTo(before);
        assertCountersEqualARecount();

        SessionArchive.Result resumed = archive.run(now, keepFor(Duration.ofDays(90)));

        assertThat(resumed.archived()).isEqualTo(60 - moved);
        assertThat(count("sessions")).isZero();
        assertThat(allIds()).isEqualTo(before);
        assertCountersEqualARecount();
    }

    @Test
    void retentionWritesAMonthOutWithItsManifestThenDropsItAndTheCountersFollow() throws Exception {
        YearMonth month = YearMonth.from(T0.atZone(ZoneOffset.UTC)); // January 2026
        for (int i = 0; i < 12; i++) {
            session(
                    nas,
                    i == 0 ? "=cmd|' /C calc'!A0" : "user" + i,
                    "S" + i,
                    T0.plusSeconds(i),
                    T0.plusSeconds(600 + i));
        }
        track(interim(nas, "user1", "S1", T0.plusSeconds(300), 300).framedIp(B)); // an event of a session to drop
        Instant kept = T0.plus(Duration.ofDays(40)); // February: kept
        session(nas, "february", "F1", kept, kept.plusSeconds(60));
        Instant now = T0.plus(Duration.ofDays(400));
        SessionArchive.Policy policy =
                new SessionArchive.Policy(Duration.ofDays(90), Map.of(), Duration.ofDays(365), directory);

        SessionArchive.Result result = new SessionArchive(database.dataSource()).run(now, policy);

        assertThat(result.archived()).isEqualTo(13);
        assertThat(result.retired()).hasSize(1);
        SessionArchive.Retired retired = result.retired().get(0);
        assertThat(retired.month()).isEqualTo(month);
        assertThat(retired.rows()).isEqualTo(12);
        assertThat(usernames("sessions_all")).containsExactly("february");
        assertThat(tableExists(SessionArchive.name(month))).as("dropped").isFalse();
        assertThat(queryLong("SELECT count(*) FROM session_events"))
                .as("the dropped month's events")
                .isZero();
        assertCountersEqualARecount();
        assertThat(repository.count(SessionFilter.all(TENANT))).isEqualTo(1);

        List<String> lines = csvLines(retired.file());
        assertThat(lines.get(0)).startsWith("tenant_id,id,nas_id,");
        assertThat(lines).hasSize(13).anySatisfy(line -> assertThat(line)
                .as("as stored, to be loaded back with COPY; instants in UTC whatever the server's zone")
                .contains(",S0,=cmd|' /C calc'!A0,")
                .contains(",2026-01-04 10:00:00+00,2026-01-04 10:10:00+00,"));
        assertThat(SessionArchive.sha256Of(retired.file())).isEqualTo(retired.sha256());
        Path manifest = retired.file()
                .resolveSibling(retired.file().getFileName().toString().replace(".csv.gz", ".manifest.json"));
        assertThat(Files.readString(manifest))
                .contains("\"rows\": 12")
                .contains("\"sha256\": \"" + retired.sha256() + "\"")
                .contains("\"month\": \"2026-01\"");
        assertThat(Files.getPosixFilePermissions(retired.file())).hasSize(2); // rw-------

        SessionArchive.Result again = new SessionArchive(database.dataSource()).run(now, policy);
        assertThat(again.retired()).isEmpty();
        assertThat(again.partitionsCreated())
                .as("a retired month is not made again")
                .isZero();
        assertThat(usernames("sessions_all")).containsExactly("february");
    }

    @Test
    void aRunCutShortBetweenDetachAndDropIsFinishedByTheNext() throws Exception {
        for (int i = 0; i < 5; i++) {
            session(nas, "user" + i, "S" + i, T0.plusSeconds(i), T0.plusSeconds(600 + i));
        }
        Instant now = T0.plus(Duration.ofDays(400));
        Path notADirectory = directory.resolve("taken");
        Files.writeString(notADirectory, "a file where the archive directory should be");

        SessionArchive.Result cut = new SessionArchive(database.dataSource())
                .run(
                        now,
                        new SessionArchive.Policy(Duration.ofDays(90), Map.of(), Duration.ofDays(365), notADirectory));

        assertThat(cut.retired()).isEmpty();
        String partition = SessionArchive.name(YearMonth.from(T0.atZone(ZoneOffset.UTC)));
        assertThat(tableExists(partition))
                .as("detached, kept until written out")
                .isTrue();
        assertThat(queryLong("SELECT count(*) FROM " + partition)).isEqualTo(5);
        assertThat(usernames("sessions_all")).isEmpty();
        assertCountersEqualARecount(); // subtracted when detached

        Path archive = directory.resolve("archive");
        SessionArchive.Result finished = new SessionArchive(database.dataSource())
                .run(now, new SessionArchive.Policy(Duration.ofDays(90), Map.of(), Duration.ofDays(365), archive));

        assertThat(finished.retired()).singleElement().satisfies(r -> {
            assertThat(r.rows()).isEqualTo(5);
            assertThat(csvLines(r.file())).hasSize(6);
        });
        assertThat(tableExists(partition)).isFalse();
        assertCountersEqualARecount();
    }

    @Test
    void aSessionWhoseMonthHasNoPartitionLandsInTheDefaultAndMovesWhenTheMonthIsMade() {
        session(nas, "early", "S1", T0, T0.plusSeconds(60));
        database.execute("DROP TABLE IF EXISTS " + SessionArchive.name(YearMonth.from(T0.atZone(ZoneOffset.UTC))));
        database.execute("BEGIN; SET LOCAL sessionkeeper.archiving = 'on'; INSERT INTO sessions_history SELECT * FROM"
                + " sessions; DELETE FROM sessions; COMMIT"); // moved by hand, where the month has no partition
        assertThat(queryLong("SELECT count(*) FROM sessions_history_default")).isEqualTo(1);
        assertCountersEqualARecount();

        SessionArchive.Result result = new SessionArchive(database.dataSource())
                .run(T0.plus(Duration.ofDays(10)), keepFor(Duration.ofDays(90)));

        assertThat(result.defaultRows()).isZero();
        assertThat(queryLong("SELECT count(*) FROM " + SessionArchive.name(YearMonth.from(T0.atZone(ZoneOffset.UTC)))))
                .isEqualTo(1);
        assertThat(usernames("sessions_all")).containsExactly("early");
        assertCountersEqualARecount();

        // a stop older than the months the job makes (a NAS clock at 1970) stays there, and is reported
        database.execute("UPDATE sessions_history SET start_time = '1970-01-02Z', stop_time = '1970-01-02Z',"
                + " last_update = '1970-01-02Z'");
        assertThat(new SessionArchive(database.dataSource())
                        .run(T0.plus(Duration.ofDays(10)), keepFor(Duration.ofDays(90)))
                        .defaultRows())
                .isEqualTo(1);
        assertCountersEqualARecount();
    }

    @Test
    void theHistoryAndTheViewHaveTheColumnsOfTheHotTableInTheirOrder() {
        String columns = "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = '%s' ORDER BY ordinal_position";
        List<String> hot = rows(columns.formatted("sessions"));
        assertThat(hot).hasSizeGreaterThan(30);
        assertThat(rows(columns.formatted("sessions_history"))).isEqualTo(hot);
        assertThat(rows(columns.formatted("sessions_all"))).isEqualTo(hot);
    }

    // ---- helpers

    /**
     * The {@code n}th INSERT statement into the history fails, as a crash would end it (its transaction is rolled back);
     * each other one waits {@code seconds} before it commits.
     */
    private void crashAtInsertStatement(int n, double seconds) {
        database.execute("CREATE SEQUENCE archive_test_statements");
        database.execute("""
                CREATE FUNCTION archive_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('archive_test_statements') = %d THEN RAISE EXCEPTION 'crash'; END IF;
                  PERFORM pg_sleep(%s);
                  RETURN NULL;
                END $$""".formatted(n, seconds));
        database.execute("CREATE TRIGGER archive_test_crash AFTER INSERT ON sessions_history"
                + " FOR EACH STATEMENT EXECUTE FUNCTION archive_test_crash()");
    }

    private void assertCountersEqualARecount() {
        assertThat(rows(COUNTED)).as("session_counts").isEqualTo(rows(RECOUNT));
        assertThat(rows(COUNTED_STARTS)).as("session_start_counts").isEqualTo(rows(RECOUNT_STARTS));
    }

    private List<String> allIds() {
        return rows("SELECT tenant_id, id FROM sessions_all ORDER BY 1, 2");
    }

    private List<String> usernames(String table) {
        return rows("SELECT username FROM " + table + " ORDER BY 1").stream()
                .map(String::strip)
                .toList();
    }

    private List<String> partitions() {
        return rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'sessions_history'::regclass ORDER BY 1")
                .stream()
                .map(String::strip)
                .toList();
    }

    private long count(String table) {
        return queryLong("SELECT count(*) FROM " + table);
    }

    private long queryLong(String sql) {
        return Long.parseLong(rows(sql).get(0).strip());
    }

    private boolean tableExists(String name) {
        return queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'") > 0;
    }

    private List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        } catch (Exception e) {
            throw new AssertionError(sql, e);
        }
        return rows;
    }

    private static List<String> csvLines(Path file) throws Exception {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    /** Month partitions of other tests, detached ones a failed run may leave, and the record of them. */
    private void dropDetachedTables() {
        for (String table : rows(
                "SELECT relname FROM pg_class WHERE relname LIKE 'sessions\\_history\\_p%' AND relkind =" + " 'r'")) {
            database.execute("DROP TABLE " + table.strip());
        }
        database.execute("TRUNCATE sessions_history_retired");
    }
}

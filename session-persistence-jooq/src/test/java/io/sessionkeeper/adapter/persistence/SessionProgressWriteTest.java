package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.RecordingDataSource.recording;
import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionUpsert}'s progress statement: a session that only progressed since the unit read it is written as
 * its last update, usage and session time alone, on a row still open; anything else goes through the merge. What
 * tells the two apart is a column changed by another writer between the unit's read and its write: the progress
 * statement leaves it, the merge would write back what the unit read.
 */
class SessionProgressWriteTest {
    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private Session started() {
        Session start = session()
                .acctSessionId("P-1")
                .username("progress")
                .framedIp("100.64.1.1")
                .rateLimit("10M/10M")
                .start(T0)
                .lastUpdate(T0)
                .usage(1_000, 100)
                .sessionTime(0)
                .build();
        // another instance's write: this repository's memory (ADR 57) does not know the session, so the unit reads it
        new PostgresSessionRepository(database.dataSource()).writeAtomically(Set.of(start.key()), writes -> {
            writes.saveAll(List.of(start));
            return null;
        });
        return start;
    }

    /** One unit: reads the session, lets {@code meanwhile} run on another connection, then saves its interim. */
    private void interimAfter(Session start, String meanwhile) {
        repository.writeAtomically(Set.of(start.key()), writes -> {
            Session stored = writes.findLatest(Set.of(start.key())).get(start.key());
            database.execute(meanwhile);
            Session interim = stored.mergedWith(TestSessions.of(stored)
                    .lastUpdate(T0.plusSeconds(300))
                    .usage(new Usage(9_000, 900, 90, 9))
                    .sessionTime(300)
                    .build());
            assertThat(interim.onlyProgressedFrom(stored)).isTrue();
            writes.saveAll(List.of(interim));
            return null;
        });
    }

    @Test
    void anInterimWritesItsProgressAndLeavesAColumnItDidNotChange() {
        Session start = started();

        interimAfter(start, "UPDATE sessions SET rate_limit = '20M/20M' WHERE acct_session_id = 'P-1'");

        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.usage()).isEqualTo(new Usage(9_000, 900, 90, 9));
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(300));
        assertThat(stored.sessionTimeSeconds()).isEqualTo(300);
        assertThat(stored.rateLimit()).as("changed by another writer meanwhile").isEqualTo("20M/20M");
        assertThat(stored.framedIp().toString()).isEqualTo("100.64.1.1");
        assertThat(stored.isActive()).isTrue();
    }

    @Test
    void aSessionClosedMeanwhileIsMergedAsBeforeKeepingItsStop() {
        Session start = started();

        interimAfter(
                start,
                "UPDATE sessions SET stop_time = '" + T0.plusSeconds(120)
                        + "', terminate_cause = 'Stale-Session-Cleanup',"
                        + " terminated_by = 'service' WHERE acct_session_id = 'P-1'");

        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.stopTime()).isEqualTo(T0.plusSeconds(120));
        assertThat(stored.terminateCause()).isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
        assertThat(stored.usage())
                .as("closed by the service: the NAS's later counters are still learnt")
                .isEqualTo(new Usage(9_000, 900, 90, 9));
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(300));
    }

    /**
     * Sessions the unit never read (Starts) go straight to the insert: the merge UPDATE, which could only miss them,
     * does not run. The statements are seen on the connection, on the real database.
     */
    @Test
    void sessionsTheUnitNeverReadGoStraightToTheInsert() {
        List<Session> starts = new ArrayList<>();
        Set<SessionKey> keys = new LinkedHashSet<>();
        for (int i = 0; i < 8; i++) {
            Session start = session()
                    .acctSessionId("N-" + i)
                    .username("new" + i)
                    .start(T0)
                    .lastUpdate(T0)
                    .build();
            starts.add(start);
            keys.add(start.key());
        }
        List<String> statements = new ArrayList<>();

        new PostgresSessionRepository(recording(database.dataSource(), statements)).writeAtomically(keys, writes -> {
            writes.saveAll(starts);
            return null;
        });

        assertThat(statements).anyMatch(sql -> sql.strip().startsWith("INSERT INTO sessions"));
        assertThat(statements).noneMatch(sql -> sql.strip().startsWith("UPDATE sessions"));
        for (Session start : starts) {
            assertThat(repository.findById(start.tenant(), start.id())).isPresent();
        }
    }
}

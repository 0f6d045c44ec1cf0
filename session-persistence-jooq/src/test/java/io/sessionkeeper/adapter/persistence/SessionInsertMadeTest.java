package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.RecordingDataSource.recording;
import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionUpsert#INSERT_MADE}: on a unit's first attempt, the sessions it made (never read) are inserted without
 * {@code ON CONFLICT}; a session saved unread whose row exists after all fails that attempt on the primary key, and
 * the retry merges it as before.
 */
class SessionInsertMadeTest {
    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private static boolean isMadeInsert(String sql) {
        return sql.strip().startsWith("INSERT INTO sessions") && !sql.contains("ON CONFLICT");
    }

    private static boolean isMergingInsert(String sql) {
        return sql.strip().startsWith("INSERT INTO sessions") && sql.contains("ON CONFLICT (tenant_id, id)");
    }

    @Test
    void aSessionTheUnitMadeIsInsertedWithoutOnConflict() {
        Session start = session().acctSessionId("M-1").start(T0).lastUpdate(T0).build();
        List<String> statements = new ArrayList<>();

        new PostgresSessionRepository(recording(database.dataSource(), statements))
                .writeAtomically(Set.of(start.key()), writes -> {
                    writes.saveAll(List.of(start));
                    return null;
                });

        assertThat(statements).anyMatch(SessionInsertMadeTest::isMadeInsert);
        assertThat(statements).noneMatch(SessionInsertMadeTest::isMergingInsert);
        assertThat(repository.findById(start.tenant(), start.id())).isPresent();
    }

    @Test
    void aSessionSavedUnreadWhoseRowExistsIsMergedByTheRetry() {
        Session start = session()
                .acctSessionId("M-2")
                .start(T0)
                .lastUpdate(T0.plusSeconds(600))
                .usage(new Usage(50_000, 5_000, 50, 5))
                .sessionTime(600)
                .build();
        repository.writeAtomically(Set.of(start.key()), writes -> {
            writes.saveAll(List.of(start));
            return null;
        });
        // an embedder's stale copy of the same session, saved without reading it: its counters are behind the row's
        Session stale = TestSessions.of(start)
                .lastUpdate(T0.plusSeconds(300))
                .usage(new Usage(20_000, 2_000, 20, 2))
                .sessionTime(300)
                .build();
        List<String> statements = new ArrayList<>();

        new PostgresSessionRepository(recording(database.dataSource(), statements))
                .writeAtomically(Set.of(stale.key()), writes -> {
                    writes.saveAll(List.of(stale));
                    return null;
                });

        assertThat(statements)
                .as("the first attempt, then the retry")
                .filteredOn(sql -> sql.strip().startsWith("INSERT INTO sessions"))
                .hasSize(2)
                .satisfies(inserts -> {
                    assertThat(isMadeInsert(inserts.get(0))).isTrue();
                    assertThat(isMergingInsert(inserts.get(1))).isTrue();
                });
        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.usage()).isEqualTo(new Usage(50_000, 5_000, 50, 5));
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(600));
        assertThat(stored.sessionTimeSeconds()).isEqualTo(600);
        assertThat(sessionRows()).isEqualTo(1);
    }

    private long sessionRows() {
        try (java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM sessions")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

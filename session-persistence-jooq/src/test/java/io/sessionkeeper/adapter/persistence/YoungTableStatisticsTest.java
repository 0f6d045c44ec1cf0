package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A young table is analysed by the writer as it grows, so the planner knows that its sessions are open. */
class YoungTableStatisticsTest {
    private final TestDatabase database = TestDatabase.get();
    private final DSLContext sql = DSL.using(database.dataSource(), SQLDialect.POSTGRES);

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    @Test
    void aTableFilledWithOpenSessionsIsAnalysedBeforeAutovacuumWouldLook() throws InterruptedException {
        PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());

        for (int batch = 0; batch < 3; batch++) {
            List<Session> sessions = new ArrayList<>();
            Set<SessionKey> keys = new LinkedHashSet<>();
            for (int i = 0; i < 600; i++) {
                Session s = session()
                        .username("young" + batch + "-" + i)
                        .acctSessionId("Y" + batch + "-" + i)
                        .start(T0.plusSeconds(i))
                        .build();
                sessions.add(s);
                keys.add(s.key());
            }
            repository.writeAtomically(keys, writes -> {
                writes.saveAll(sessions);
                return null;
            });
        }

        for (int i = 0; i < 100 && repository.statistics().analyses() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(repository.statistics().analyses()).isPositive();
        // what the device look-up's plan depends on: nearly every row has no stop time
        Number nullFraction = (Number)
                sql.fetchValue("SELECT null_frac FROM pg_stats WHERE tablename = 'sessions' AND attname = 'stop_time'");
        assertThat(nullFraction).isNotNull();
        assertThat(nullFraction.doubleValue()).isGreaterThan(0.9);
        // a small sample (1,800 distinct user names: at PostgreSQL's default target, 101 histogram bounds)
        Number bounds = (Number) sql.fetchValue("SELECT array_length(histogram_bounds::text::text[], 1) FROM pg_stats"
                + " WHERE tablename = 'sessions' AND attname = 'username'");
        assertThat(bounds).isNotNull();
        assertThat(bounds.intValue()).isLessThanOrEqualTo(YoungTableStatistics.STATISTICS_TARGET + 1);
    }

    @Test
    void interimUpdatesOfTheSameSessionsDoNotAnalyseTheTableAgain() throws InterruptedException {
        PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
        List<Session> sessions = new ArrayList<>();
        Set<SessionKey> keys = new LinkedHashSet<>();
        for (int i = 0; i < 1_500; i++) {
            Session s = session()
                    .username("steady-" + i)
                    .acctSessionId("S-" + i)
                    .start(T0.plusSeconds(i))
                    .build();
            sessions.add(s);
            keys.add(s.key());
        }
        repository.writeAtomically(keys, writes -> {
            writes.saveAll(sessions);
            return null;
        });
        for (int i = 0; i < 100 && repository.statistics().analyses() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(repository.statistics().analyses()).isEqualTo(1);
        for (int round = 0; round < 8; round++) {
            long seconds = 300L * (round + 1);
            List<Session> interims = sessions.stream()
                    .map(s -> TestSessions.of(s)
                            .lastUpdate(s.startTime().plusSeconds(seconds))
                            .sessionTime(seconds)
                            .build())
                    .toList();
            repository.writeAtomically(keys, writes -> {
                writes.saveAll(interims);
                return null;
            });
            for (int i = 0; i < 50 && repository.statistics().analyses() == 0; i++) {
                Thread.sleep(100);
            }
            Thread.sleep(200); // an analysis started by this round would be under way by now
        }

        assertThat(repository.statistics().analyses())
                .as("one analysis for 1,500 new rows; 10,500 updates of them do not double the table")
                .isEqualTo(1);
    }
}

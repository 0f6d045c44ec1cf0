package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.testing.Fixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database in trouble (stalled, too slow, its pool exhausted) is reported by every port as {@link
 * StoreUnavailableException}, soon, never by waiting for ever; and one kind of work cannot take the connections of
 * another.
 */
@Timeout(120)
class DatabaseTroubleTest {
    private final TestDatabase database = TestDatabase.get();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void eachPoolHasItsOwnStatementTimeoutAndNameInPgStatActivity() throws Exception {
        ConnectionPools pools = TestDatabase.SMALL_POOLS
                .with(PoolRole.ACCOUNTING, pool(PoolRole.ACCOUNTING, 2, Duration.ofSeconds(45)))
                .with(PoolRole.API, pool(PoolRole.API, 2, Duration.ofMillis(2500)))
                .with(PoolRole.OPERATIONS, pool(PoolRole.OPERATIONS, 1, Duration.ofMillis(800)))
                .with(PoolRole.BACKGROUND, pool(PoolRole.BACKGROUND, 2, Duration.ofMinutes(20)));
        PostgresPersistence persistence = open(pools);

        assertThat(setting(persistence, PoolRole.ACCOUNTING, "statement_timeout"))
                .isEqualTo("45s");
        assertThat(setting(persistence, PoolRole.API, "statement_timeout")).isEqualTo("2500ms");
        assertThat(setting(persistence, PoolRole.OPERATIONS, "statement_timeout"))
                .isEqualTo("800ms");
        assertThat(setting(persistence, PoolRole.BACKGROUND, "statement_timeout"))
                .isEqualTo("20min");
        assertThat(setting(persistence, PoolRole.API, "application_name")).isEqualTo("sessionkeeper-api");
        assertThat(setting(persistence, PoolRole.ACCOUNTING, "application_name"))
                .isEqualTo("sessionkeeper-accounting");
    }

    @Test
    void aStatementOverTheApiTimeoutIsCutByTheServerAndReportedUnavailable() throws Exception {
        database.truncate();
        PostgresPersistence persistence =
                open(TestDatabase.SMALL_POOLS.with(PoolRole.API, pool(PoolRole.API, 2, Duration.ofMillis(500))));
        try (Connection locker = database.dataSource().getConnection();
                Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> persistence.api().customers().count(Fixtures.TENANT))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("57014");
            assertThatThrownBy(() -> persistence.api().customers().save(Fixtures.customer(Fixtures.TENANT, "bob")))
                    .as("inside a transaction too")
                    .isInstanceOf(StoreUnavailableException.class);
            locker.rollback();
        }
        assertThat(persistence.api().customers().count(Fixtures.TENANT)).isZero();
    }

    @Test
    void anExhaustedApiPoolIsReportedUnavailableWhileAccountingStillCommits() throws Exception {
        database.truncate();
        PostgresPersistence persistence = open(TestDatabase.SMALL_POOLS);
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < TestDatabase.SMALL_POOLS.api().size(); i++) {
                taken.add(persistence.dataSource(PoolRole.API).getConnection());
            }
            SessionFilter all = SessionFilter.all(TenantId.DEFAULT);

            assertThatThrownBy(() -> persistence.api().sessions().count(all))
                    .as("a statement")
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("sessionkeeper-api");
            assertThatThrownBy(() -> persistence.api().customers().save(Fixtures.customer(Fixtures.TENANT, "eve")))
                    .as("a transaction")
                    .isInstanceOf(StoreUnavailableException.class);

            Session started = session().acctSessionId("INGEST").build();
            persistence.accounting().sessions().writeAtomically(Set.of(started.key()), writes -> {
                writes.saveAll(List.of(started));
                return null;
            });
            assertThat(persistence.accounting().sessions().findById(started.tenant(), started.id()))
                    .contains(started);
            assertThat(persistence.ready()).as("health has its own pool").isTrue();
            assertThat(persistence.activeSessionCount()).isEqualTo(1);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        assertThat(persistence.api().sessions().count(SessionFilter.all(TenantId.DEFAULT)))
                .isEqualTo(1);
    }

    @Test
    void aJobWhosePoolIsExhaustedIsReportedUnavailable() throws Exception {
        PostgresPersistence persistence = open(TestDatabase.SMALL_POOLS.with(
                PoolRole.BACKGROUND, new ConnectionPools.Pool(2, Duration.ofMinutes(1), Duration.ofMillis(500))));
        try (Connection first = persistence.dataSource(PoolRole.BACKGROUND).getConnection();
                Connection second = persistence.dataSource(PoolRole.BACKGROUND).getConnection()) {
            assertThatThrownBy(() -> persistence.runExclusively("job", () -> "ran"))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(persistence.runExclusively("job", () -> "ran")).contains("ran");
    }

    @Test
    void aStalledServerIsGivenUpAfterTheSocketTimeoutAndServesAgainOnceItResumes() throws Exception {
        Path directory = TestDatabase.createTempDirectory();
        opened.add(() -> TestDatabase.deleteRecursively(directory));
        ConnectionPools pools = TestDatabase.SMALL_POOLS
                .with(PoolRole.API, pool(PoolRole.API, 2, Duration.ofSeconds(1)))
                .with(PoolRole.ACCOUNTING, pool(PoolRole.ACCOUNTING, 2, Duration.ofSeconds(1)));
        DatabaseConfig.Embedded config =
                new DatabaseConfig.Embedded(directory, pools, false, TestDatabase.sharedBinaries());
        PostgresPersistence persistence = PostgresPersistence.open(config, database.keys());
        opened.add(persistence);
        ServerProcesses server = ServerProcesses.of(config.clusterDirectory());
        SessionFilter all = SessionFilter.all(TenantId.DEFAULT);
        assertThat(persistence.api().sessions().count(all)).isZero();
        Session started = session().acctSessionId("STALLED").build();

        server.stall();
        try {
            long began = System.nanoTime();
            assertThatThrownBy(() -> persistence.api().sessions().count(all))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> persistence.accounting().sessions().writeAtomically(Set.of(started.key()), w -> {
                        w.saveAll(List.of(started));
                        return null;
                    }))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(persistence.ready()).isFalse();
            // each of the three waits at most its statement time-out (1 s) and the 2 s grace, rounded up
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(15));
        } finally {
            server.resume();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertThat(persistence.api().sessions().count(all)).isZero();
                break;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
        assertThat(persistence.ready()).isTrue();
    }

    private PostgresPersistence open(ConnectionPools pools) {
        PostgresPersistence persistence = PostgresPersistence.open(database.asExternal(pools), database.keys(), false);
        opened.add(persistence);
        return persistence;
    }

    private static ConnectionPools.Pool pool(PoolRole role, int size, Duration statementTimeout) {
        return TestDatabase.SMALL_POOLS.pool(role).withSize(size).withStatementTimeout(statementTimeout);
    }

    private static String setting(PostgresPersistence persistence, PoolRole role, String name) throws SQLException {
        try (Connection connection = persistence.dataSource(role).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}

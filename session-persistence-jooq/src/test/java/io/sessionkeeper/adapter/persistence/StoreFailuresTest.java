package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.model.TerminateCause;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The accounting path's database failures reach the domain as refused data or an unavailable database, from a real
 * PostgreSQL refusing, timing out and being out of reach.
 */
class StoreFailuresTest {
    private final TestDatabase database = TestDatabase.get();

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private static void save(PostgresSessionRepository repository, Session... sessions) {
        repository.writeAtomically(Set.of(sessions[0].key()), writes -> {
            writes.saveAll(List.of(sessions));
            return null;
        });
    }

    @ParameterizedTest(name = "SQLSTATE {0}: refused data = {1}")
    @CsvSource({
        "22021, true", // invalid byte sequence (a NUL in text)
        "22001, true", // value too long
        "22P02, true", // invalid text representation
        "23514, true", // check constraint
        "23505, true", // unique constraint, after the retries
        "21000, true", // a statement changing one row twice
        "54000, true", // index row too large
        "44000, true", // WITH CHECK OPTION
        "08006, false", // connection failure
        "08001, false", // cannot connect
        "53100, false", // disk full
        "53300, false", // too many connections
        "57014, false", // statement time-out
        "57P01, false", // administrator shutdown
        "58030, false", // I/O error
        "55P03, false", // lock time-out
        "25006, false", // read-only transaction (a standby)
        "40001, false", // serialization failure, after the retries
        "40P01, false", // deadlock, after the retries
        "42P01, false", // undefined table
        "XX000, false", // internal error
    })
    void onlyDataErrorClassesAreRefusedData(String sqlState, boolean refused) {
        DomainException translated =
                StoreFailures.accounting(new DataAccessException("x", new SQLException("message", sqlState)));

        assertThat(translated)
                .isInstanceOf(refused ? StoreRejectedDataException.class : StoreUnavailableException.class)
                .hasMessageContaining(sqlState);
    }

    @Test
    void aFailureWithoutSqlStateIsAnUnavailableDatabase() {
        assertThat(StoreFailures.accounting(new DataAccessException("no connection", new SQLException("timed out"))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no SQLSTATE");
        assertThat(StoreFailures.accounting(new DataAccessException("no cause")))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aConstraintTheDataBreaksIsRefusedDataNamingTheConstraintButNotTheValues() {
        PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
        database.execute(
                "ALTER TABLE sessions ADD CONSTRAINT sessions_test_poison_ck CHECK (username <> 'poison-user')");
        try {
            Session good = session().username("good-user").build();
            assertThatThrownBy(() -> save(
                            repository,
                            good,
                            session()
                                    .username("poison-user")
                                    .acctSessionId("P1")
                                    .build()))
                    .isInstanceOf(StoreRejectedDataException.class)
                    .hasMessageContaining("23514")
                    .hasMessageContaining("sessions_test_poison_ck")
                    .hasMessageNotContaining("poison-user");
            assertThat(repository.findById(good.tenant(), good.id()))
                    .as("nothing of the unit was recorded")
                    .isEmpty();
        } finally {
            database.execute("ALTER TABLE sessions DROP CONSTRAINT sessions_test_poison_ck");
        }
    }

    @Test
    void aValueTooLongForItsColumnIsRefusedData() {
        PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());

        assertThatThrownBy(() ->
                        save(repository, session().username("u".repeat(254)).build()))
                .isInstanceOf(StoreRejectedDataException.class)
                .hasMessageContaining("22001");
    }

    @Test
    void aDatabaseOutOfReachIsUnavailable() throws Exception {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres?connectTimeout=2");
        PostgresSessionRepository repository = new PostgresSessionRepository(nowhere);

        assertThatThrownBy(() -> save(repository, session().build()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("08001");
        assertThatThrownBy(() -> repository.closeOpenOfNas(
                        new NasId(java.util.UUID.randomUUID()),
                        Instant.now(),
                        Instant.now(),
                        TerminateCause.NAS_REBOOT,
                        10))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aPoolWithoutAFreeConnectionWithinItsTimeOutIsUnavailable() throws Exception {
        try (HikariDataSource pool = pool(1, null);
                Connection taken = pool.getConnection()) {
            PostgresSessionRepository repository = new PostgresSessionRepository(pool);

            assertThatThrownBy(() -> save(repository, session().build()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("Connection is not available");
            assertThat(taken.isValid(1)).isTrue();
        }
    }

    @Test
    void aStatementCancelledByItsTimeOutIsUnavailable() throws Exception {
        Session held = session().build();
        try (HikariDataSource pool = pool(2, "SET statement_timeout = '200ms'");
                Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, PostgresAccountingUnits.lockId(held.key()));
                lock.execute();
            }
            PostgresSessionRepository repository = new PostgresSessionRepository(pool);

            assertThatThrownBy(() -> save(repository, held))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("57014");
            other.rollback();
        }
    }

    /** A pool of its own that gives up waiting for a connection after 250 ms. */
    private HikariDataSource pool(int size, String initSql) {
        DatabaseConfig.External target = database.asExternal();
        HikariConfig config = new HikariConfig();
        config.setPoolName("store-failures");
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(250);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

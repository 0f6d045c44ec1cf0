package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** {@link OtherSessionsLoad} against a real server: what counts as the others' load, and how it is smoothed. */
class OtherSessionsLoadTest {
    private final TestDatabase database = TestDatabase.get();

    @Test
    void anotherConnectionRunningAStatementIsBusyUnlessItIsOneOfTheCallersOwn() throws Exception {
        try (Connection sampler = connection();
                Connection other = connection()) {
            int samplerPid = pid(sampler);
            int otherPid = pid(other);
            assertThat(new OtherSessionsLoad().busy(sampler, List.of(samplerPid)))
                    .as("nothing else runs")
                    .isFalse();

            try (Running running = new Running(other)) {
                assertThat(new OtherSessionsLoad().busy(sampler, List.of(samplerPid)))
                        .as("another connection runs a statement")
                        .isTrue();
                assertThat(new OtherSessionsLoad().busy(sampler, List.of(samplerPid, otherPid)))
                        .as("the same connection, one of the caller's own")
                        .isFalse();
            }
        }
    }

    @Test
    void theLoadIsSmoothedOverTheLastFewSamples() throws Exception {
        try (Connection sampler = connection();
                Connection other = connection()) {
            List<Integer> own = List.of(pid(sampler));
            OtherSessionsLoad load = new OtherSessionsLoad();
            try (Running running = new Running(other)) {
                assertThat(load.busy(sampler, own)).isTrue();
            }
            // 1, then 0: 0.7, 0.49 with a new sample's weight of 0.3
            assertThat(load.busy(sampler, own))
                    .as("one quiet sample after a busy one")
                    .isTrue();
            assertThat(load.busy(sampler, own)).as("two quiet samples").isFalse();
        }
    }

    private Connection connection() throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static int pid(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getBackendPID();
    }

    /** A statement that runs on {@code connection} until closed (cancelled). */
    private final class Running implements AutoCloseable {
        private final int pid;
        private final Thread thread;

        Running(Connection connection) throws Exception {
            pid = pid(connection);
            thread = new Thread(() -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("SELECT pg_sleep(60)");
                } catch (SQLException cancelled) {
                    // cancelled by close()
                }
            });
            thread.start();
            String active = "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active'";
            for (int i = 0; i < 100 && count(active) == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(count(active)).as("the statement runs").isEqualTo(1);
        }

        private long count(String sql) throws SQLException {
            try (Connection connection = database.dataSource().getConnection();
                    Statement st = connection.createStatement();
                    var rows = st.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() throws Exception {
            database.execute("SELECT pg_cancel_backend(" + pid + ")");
            thread.join();
        }
    }
}

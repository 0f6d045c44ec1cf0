package io.sessionkeeper.loadgen.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessionkeeper.adapter.persistence.TestDatabase;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verifier's SQL against real schemas in a real PostgreSQL (the shared test database of
 * session-persistence-jooq): SessionKeeper's as its migrations build it, FreeRADIUS's stock {@code radacct}.
 */
class DatabaseSessionsTest {
    /** FreeRADIUS's own PostgreSQL schema, installed with the freeradius package (as in bench/freeradius.sh). */
    private static final Path RADACCT_SCHEMA =
            Path.of("/etc/freeradius/3.0/mods-config/sql/main/postgresql/schema.sql");

    @Test
    void theSessionKeeperQueryRunsAgainstTheMigratedSchema() throws Exception {
        DatabaseConfig.External database = TestDatabase.get().asExternal(TestDatabase.SMALL_POOLS);

        // a column or table renamed by a migration fails here, not in the middle of a benchmark
        Map<String, List<Verification.Observed>> found = new DatabaseSessions(
                        database.url(), database.user(), database.password(), "sessionkeeper")
                .withIdsStartingWith("nosuchrun-");

        assertThat(found).isEmpty();
    }

    @Test
    void radacctRowsAreReadWithOutputOctetsAsDownloadAndOnlyThoseOfTheRun() throws Exception {
        assumeTrue(Files.isReadable(RADACCT_SCHEMA), "FreeRADIUS's schema.sql (package freeradius) not installed");
        try (TestDatabase.Schema schema = TestDatabase.get().freshSchema()) {
            DatabaseConfig.External database = schema.asExternal();
            try (Connection connection =
                            DriverManager.getConnection(database.url(), database.user(), database.password());
                    Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(RADACCT_SCHEMA));
                statement.execute("INSERT INTO radacct (acctsessionid, acctuniqueid, nasipaddress, acctinputoctets,"
                        + " acctoutputoctets) VALUES ('r1-00000000', 'u0', '127.0.0.2', 11, 22),"
                        + " ('r1-00000001', 'u1', '127.0.0.3', 33, 44), ('r1-00000001', 'u2', '127.0.0.3', 55, 66),"
                        + " ('r10-00000000', 'u3', '127.0.0.2', 1, 1)");
            }

            Map<String, List<Verification.Observed>> found = new DatabaseSessions(
                            database.url(), database.user(), database.password(), "radacct")
                    .withIdsStartingWith("r1-");

            assertThat(found).containsOnlyKeys("r1-00000000", "r1-00000001");
            assertThat(found.get("r1-00000000"))
                    .containsExactly(new Verification.Observed("r1-00000000", "127.0.0.2", 22, 11));
            assertThat(found.get("r1-00000001")).hasSize(2);
        }
    }

    @Test
    void aQueryOfOnesOwnGetsTheRunsPatternAndItsFourColumns() throws Exception {
        DatabaseConfig.External database = TestDatabase.get().asExternal(TestDatabase.SMALL_POOLS);
        String query = "SELECT id, nas, down, up FROM (VALUES ('q7-00000000', '127.0.0.2', 5::bigint, 6::bigint),"
                + " ('q7-00000001', NULL, 7, 8), ('q70-00000000', '127.0.0.2', 9, 9)) AS t(id, nas, down, up)"
                + " WHERE id LIKE ?";

        Map<String, List<Verification.Observed>> found = new DatabaseSessions(
                        database.url(), database.user(), database.password(), query)
                .withIdsStartingWith("q7-");

        assertThat(found)
                .containsOnlyKeys("q7-00000000", "q7-00000001")
                .containsEntry("q7-00000000", List.of(new Verification.Observed("q7-00000000", "127.0.0.2", 5, 6)))
                .containsEntry("q7-00000001", List.of(new Verification.Observed("q7-00000001", null, 7, 8)));
    }
}

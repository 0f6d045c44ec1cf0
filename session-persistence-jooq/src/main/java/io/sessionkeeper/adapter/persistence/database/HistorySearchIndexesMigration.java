package io.sessionkeeper.adapter.persistence.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 32: the history's index of User-Name prefixes (ignoring case) becomes a covering one, so that a search
 * reads it alone and not one heap page per matching session
 * (docs/adr/0050-covering-search-indexes-on-the-history.md). The history may hold tens of millions of sessions by
 * now, so this is online, as PostgreSQL allows on a partitioned table: the new index is declared on the parent only
 * (invalid, a catalog change), built {@code CONCURRENTLY} on each month and attached, and it becomes valid when the
 * last month is attached; then the old one is dropped. Accounting never touches the history; readers and
 * archival wait only for the drop's brief lock, bounded by {@code lock_timeout} and retried.
 *
 * <p>Java, not SQL: the months are made by the partition job, so their names are known only here. Outside a
 * transaction ({@code CONCURRENTLY}); every step is idempotent, so a run that failed half way completes when run
 * again, once Flyway's record of the failure is removed (docs/operations.md; an index whose concurrent build failed
 * is left invalid: it is dropped and built again). Registered by {@link
 * DatabaseMigrator}; invisible to jOOQ's code generation, which needs no index.
 */
public final class HistorySearchIndexesMigration implements JavaMigration {
    public static final MigrationVersion VERSION = MigrationVersion.fromVersion("32");

    /** Beside each key, what a search reads and filters on: the listing's order and the filters' columns. */
    private static final String COVERED = "start_time, id, stop_time, nas_id";

    /**
     * The new index: name on the parent, suffix of each month's, definition (the key, then what it covers). The
     * Acct-Session-Id index stays as it is: an Acct-Session-Id matches a session or two, whose rows are cheap to read.
     */
    static final List<SearchIndex> INDEXES = List.of(new SearchIndex(
            "sessions_history_username_search_idx",
            "username_search_idx",
            "(tenant_id, lower(username) text_pattern_ops) INCLUDE (username, " + COVERED + ")"));

    /** What it replaces (V30). */
    static final List<String> REPLACED = List.of("sessions_history_tenant_username_prefix_idx");

    private static final int DROP_ATTEMPTS = 30;

    record SearchIndex(String parent, String suffix, String definition) {}

    @Override
    public MigrationVersion getVersion() {
        return VERSION;
    }

    @Override
    public String getDescription() {
        return "covering search indexes on the session history";
    }

    @Override
    public Integer getChecksum() {
        return 32;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (SearchIndex index : INDEXES) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + index.parent() + " ON ONLY sessions_history "
                        + index.definition());
                // a month made meanwhile by another instance's job got its index with the table: none left over
                for (List<String> missing = unindexedMonths(statement, index);
                        !missing.isEmpty();
                        missing = unindexedMonths(statement, index)) {
                    for (String month : missing) {
                        buildAndAttach(statement, index, month);
                    }
                }
            }
            // statistics of the new index's expression (lower(username)), which went with the old index: without them,
            // the planner guessed a search on the 30M bench matched many rows and read a month in start order
            // (5 s) instead of the index
            for (String month : months(statement)) {
                statement.execute("ANALYZE " + month);
            }
            statement.execute("SET lock_timeout = '2s'");
            for (String old : REPLACED) {
                dropWithRetries(statement, old);
            }
            statement.execute("RESET lock_timeout");
        }
    }

    /** The months (partitions, the default one included). */
    private static List<String> months(Statement statement) throws SQLException {
        return names(
                statement,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'sessions_history'::regclass ORDER BY c.relname");
    }

    /** The months (partitions, the default one included) with no index attached to the parent's yet. */
    private static List<String> unindexedMonths(Statement statement, SearchIndex index) throws SQLException {
        return names(statement, """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'sessions_history'::regclass
                  AND NOT EXISTS (
                    SELECT 1 FROM pg_inherits ii JOIN pg_index x ON x.indexrelid = ii.inhrelid
                    WHERE ii.inhparent = '%s'::regclass AND x.indrelid = c.oid)
                ORDER BY c.relname
                """.formatted(index.parent()));
    }

    private static List<String> names(Statement statement, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static void buildAndAttach(Statement statement, SearchIndex index, String month) throws SQLException {
        String name = month + "_" + index.suffix();
        if (!isValidIndex(statement, name)) {
            statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + name);
            statement.execute("CREATE INDEX CONCURRENTLY " + name + " ON " + month + " " + index.definition());
        }
        statement.execute("ALTER INDEX " + index.parent() + " ATTACH PARTITION " + name);
    }

    private static boolean isValidIndex(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT x.indisvalid FROM pg_index x WHERE x.indexrelid = to_regclass('" + name + "')")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    /**
     * Dropping a partitioned index takes an exclusive lock on the history and its months (a catalog change, quick
     * once held); {@code lock_timeout} keeps it from queueing every reader behind a long query, and it is tried again.
     */
    private static void dropWithRetries(Statement statement, String old) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute("DROP INDEX IF EXISTS " + old);
                return;
            } catch (SQLException e) {
                // 55P03 lock_not_available
                if (!"55P03".equals(e.getSQLState()) || attempt == DROP_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }
}

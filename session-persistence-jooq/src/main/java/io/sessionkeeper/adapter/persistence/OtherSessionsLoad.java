package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * How busy the database server is with work other than the caller's: the client backends running a statement, not
 * counting the caller's own connections, sampled from {@code pg_stat_activity} and smoothed over the last few samples.
 * Background work that must not cost accounting its rate (archival's extra connections, ADR 52) goes on only while this
 * stays under {@link #BUSY}.
 *
 * <p>Why backends and not packets: the database is what archival and accounting share, and its backends are what both
 * spend. Accounting at full speed on the 2-core machine keeps its writers' backends running a statement most of the
 * time (more than one on average); a few hundred packets a second, an ISP of 100,000 subscribers with 5-minute
 * interims, keeps them running a few per cent of it. Autovacuum, replication and other background processes are not
 * client backends and do not count. Only what the role may see counts: without {@code pg_read_all_stats} the sessions
 * of other roles show no state, so they are not counted (the service's own connections share its role).
 *
 * <p>Not thread-safe: one per worker.
 */
final class OtherSessionsLoad {
    /** Statements running elsewhere, on average, from which the caller waits: half a backend. */
    static final double BUSY = 0.5;
    /** The weight of a new sample: the last few samples decide (a sample is one instant). */
    private static final double WEIGHT = 0.3;

    private static final String SAMPLE = """
            SELECT count(*) FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state IN ('active', 'fastpath function call')
              AND pid <> ALL (?::int[])""";

    private double average = Double.NaN;

    /**
     * Takes a sample on {@code connection} (its transaction is committed: {@code pg_stat_activity} is read once a
     * transaction) and says whether the others are busy.
     *
     * @param own the backend ids of the caller's connections, {@code connection}'s among them
     */
    boolean busy(Connection connection, Collection<Integer> own) throws SQLException {
        int running;
        try (PreparedStatement st = connection.prepareStatement(SAMPLE)) {
            st.setArray(1, connection.createArrayOf("int4", own.toArray()));
            try (ResultSet rows = st.executeQuery()) {
                rows.next();
                running = rows.getInt(1);
            }
        } finally {
            connection.commit();
        }
        average = Double.isNaN(average) ? running : average + WEIGHT * (running - average);
        return average >= BUSY;
    }
}

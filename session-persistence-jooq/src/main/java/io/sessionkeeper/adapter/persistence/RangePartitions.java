package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The range partitions of a table partitioned by time, as the storage jobs make them ahead ({@link UsageMaintenance}:
 * the samples' days, {@link SessionArchive}: the session history's months). Names are the jobs' own; SQL text is built
 * from them and from instants only, never from input.
 */
final class RangePartitions {
    private static final Logger LOG = LoggerFactory.getLogger(RangePartitions.class);

    private final String parent;
    private final String defaultPartition;
    private final String column;

    /**
     * @param parent the partitioned table
     * @param defaultPartition its default partition, whose rows of a range move into that range's new partition
     * @param column the partition key
     */
    RangePartitions(String parent, String defaultPartition, String column) {
        this.parent = parent;
        this.defaultPartition = defaultPartition;
        this.column = column;
    }

    /** The names of the parent's partitions (the default one included), in one committed read. */
    List<String> names(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid ="
                        + " i.inhrelid WHERE i.inhparent = '" + parent + "'::regclass")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        connection.commit();
        return names;
    }

    /**
     * Makes the partition {@code name} for [from, to): a table of the parent's shape, filled with the range's rows of
     * the default partition (deleted from it; neither statement names the parent, so no statement trigger of the
     * parent fires), then attached, which builds its indexes. One transaction, a lock time-out of 2 s; false (and
     * logged) when it could not be made, to be tried at the next run.
     */
    boolean create(Connection connection, String name, Instant from, Instant to, String job) throws SQLException {
        String lower = "'" + from + "'";
        String upper = "'" + to + "'";
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '2s'");
            st.execute("CREATE TABLE " + name + " (LIKE " + parent + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            st.execute("WITH moved AS (DELETE FROM " + defaultPartition + " WHERE " + column + " >= " + lower + " AND "
                    + column + " < " + upper + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved");
            st.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + name + " FOR VALUES FROM (" + lower + ") TO ("
                    + upper + ")");
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            LOG.warn("{}: partition {} not made ({}); next try at the next run", job, name, e.getMessage());
            return false;
        }
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.UsageSample;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reading samples with plain JDBC: a session's samples covering a range are three index scans of the primary key
 * (the last one before the range, those in it, the first one after it), each pruned to the partitions it can touch.
 */
final class UsageSampleRows {
    static final String COLUMNS = "sampled_at, download_octets, upload_octets, session_time, kind";

    /** Parameters: tenant, session, from (before); tenant, session, from, to, limit (in); tenant, session, to (after). */
    static final String COVERING =
            "(SELECT " + COLUMNS + " " + """
             FROM session_samples WHERE tenant_id = ? AND session_id = ? AND sampled_at < ?
             ORDER BY sampled_at DESC LIMIT 1)
            UNION ALL
            (SELECT """ + " " + COLUMNS + " " + """
             FROM session_samples WHERE tenant_id = ? AND session_id = ? AND sampled_at >= ? AND sampled_at < ?
             ORDER BY sampled_at LIMIT ?)
            UNION ALL
            (SELECT """ + " " + COLUMNS + " " + """
             FROM session_samples WHERE tenant_id = ? AND session_id = ? AND sampled_at >= ?
             ORDER BY sampled_at LIMIT 1)""";

    private UsageSampleRows() {}

    static void bindCovering(
            PreparedStatement statement, String tenant, UUID session, Instant from, Instant to, int limit)
            throws SQLException {
        statement.setString(1, tenant);
        statement.setObject(2, session);
        statement.setObject(3, UsageSampleRows.timestamptz(from));
        statement.setString(4, tenant);
        statement.setObject(5, session);
        statement.setObject(6, UsageSampleRows.timestamptz(from));
        statement.setObject(7, UsageSampleRows.timestamptz(to));
        statement.setInt(8, limit);
        statement.setString(9, tenant);
        statement.setObject(10, session);
        statement.setObject(11, UsageSampleRows.timestamptz(to));
    }

    /** Reads {@link #COLUMNS} from column {@code first} on, oldest first. */
    static List<UsageSample> read(ResultSet rows, int first) throws SQLException {
        List<UsageSample> samples = new ArrayList<>();
        while (rows.next()) {
            samples.add(one(rows, first));
        }
        samples.sort(java.util.Comparator.comparing(UsageSample::at));
        return samples;
    }

    /** An instant as pgjdbc binds a timestamptz without the JVM's time zone in the way. */
    static OffsetDateTime timestamptz(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static UsageSample one(ResultSet rows, int first) throws SQLException {
        return new UsageSample(
                rows.getObject(first, OffsetDateTime.class).toInstant(),
                rows.getLong(first + 1),
                rows.getLong(first + 2),
                rows.getLong(first + 3),
                SessionSamplesAppend.kind(rows.getShort(first + 4)));
    }
}

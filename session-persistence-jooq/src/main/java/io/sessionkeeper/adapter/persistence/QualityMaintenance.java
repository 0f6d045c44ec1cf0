package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.QualityTally;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The quality job's work (one instance at a time, under the caller's lock): the hourly roll-up, recomputed from the
 * 5-minute rows for every whole hour that may still change (a reading is accepted up to the policy's past limit, so
 * the hours back to it plus one), each row overwritten with its recomputed value (a second run writes nothing); and
 * retention: 5-minute rows and quality states after 14 days, hourly rows after 90.
 */
public final class QualityMaintenance {
    public static final Duration BUCKET_RETENTION = Duration.ofDays(14);
    public static final Duration HOUR_RETENTION = Duration.ofDays(90);

    private static final String ROLL_UP = """
            WITH sums AS (
              SELECT tenant_id, session_id, date_trunc('hour', bucket_start, 'UTC') AS hour_start, source,
                sum(rtt_count) AS rtt_count, sum(sent) AS sent, sum(lost) AS lost, sum(jitter_sum_ms) AS jitter_sum_ms,
                sum(jitter_pairs) AS jitter_pairs
              FROM quality_buckets WHERE bucket_start >= ? AND bucket_start < ?
              GROUP BY 1, 2, 3, 4),
            rtts AS (
              SELECT b.tenant_id, b.session_id, date_trunc('hour', b.bucket_start, 'UTC') AS hour_start, b.source,
                array_agg(u.v ORDER BY b.bucket_start, u.n) AS rtt_ms
              FROM quality_buckets b CROSS JOIN LATERAL unnest(b.rtt_ms) WITH ORDINALITY AS u(v, n)
              WHERE b.bucket_start >= ? AND b.bucket_start < ?
              GROUP BY 1, 2, 3, 4)
            INSERT INTO quality_hours AS h (tenant_id, session_id, hour_start, source, rtt_ms, rtt_count, sent, lost,
              jitter_sum_ms, jitter_pairs)
            SELECT s.tenant_id, s.session_id, s.hour_start, s.source, coalesce(r.rtt_ms[1:%d], '{}'), s.rtt_count,
              s.sent, s.lost, s.jitter_sum_ms, s.jitter_pairs
            FROM sums s LEFT JOIN rtts r USING (tenant_id, session_id, hour_start, source)
            ON CONFLICT (tenant_id, session_id, hour_start, source) DO UPDATE SET rtt_ms = EXCLUDED.rtt_ms,
              rtt_count = EXCLUDED.rtt_count, sent = EXCLUDED.sent, lost = EXCLUDED.lost,
              jitter_sum_ms = EXCLUDED.jitter_sum_ms, jitter_pairs = EXCLUDED.jitter_pairs
            WHERE (h.rtt_ms, h.rtt_count, h.sent, h.lost, h.jitter_pairs)
              IS DISTINCT FROM (EXCLUDED.rtt_ms, EXCLUDED.rtt_count, EXCLUDED.sent, EXCLUDED.lost, EXCLUDED.jitter_pairs)
            """.formatted(QualityTally.MAX_KEPT);

    private final DSLContext dsl;

    public QualityMaintenance(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    /** What one run did. */
    public record Result(int hourRowsWritten, int bucketsDeleted, int hoursDeleted, int statesDeleted) {}

    /**
     * Rolls the whole hours in [floor(now − lookBack − 1 h), floor(now)) and deletes what is past retention.
     *
     * @param lookBack how old a reading may still be when it is accepted
     */
    public Result run(Instant now, Duration lookBack) {
        Instant until = BandwidthInterval.ONE_HOUR.floor(now);
        Instant from = BandwidthInterval.ONE_HOUR.floor(now.minus(lookBack).minus(Duration.ofHours(1)));
        try {
            int rolled = PlainJdbc.run(dsl, ROLL_UP, (connection, statement) -> {
                statement.setTimestamp(1, Timestamp.from(from));
                statement.setTimestamp(2, Timestamp.from(until));
                statement.setTimestamp(3, Timestamp.from(from));
                statement.setTimestamp(4, Timestamp.from(until));
                return statement.executeUpdate();
            });
            int buckets = delete("DELETE FROM quality_buckets WHERE bucket_start < ?", now.minus(BUCKET_RETENTION));
            int hours = delete("DELETE FROM quality_hours WHERE hour_start < ?", now.minus(HOUR_RETENTION));
            int states = delete("DELETE FROM quality_states WHERE bucket_start < ?", now.minus(BUCKET_RETENTION));
            return new Result(rolled, buckets, hours, states);
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private int delete(String sql, Instant before) {
        return PlainJdbc.run(dsl, sql, (connection, statement) -> {
            statement.setTimestamp(1, Timestamp.from(before));
            return statement.executeUpdate();
        });
    }
}

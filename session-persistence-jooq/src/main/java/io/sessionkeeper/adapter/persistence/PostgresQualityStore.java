package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualitySource;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.QualityStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Session quality in {@code quality_buckets}, {@code quality_hours} and {@code quality_states} (V22). A write merges
 * its measurements per bucket in memory first (a statement may not update a row twice), then upserts each bucket,
 * appending round trips up to {@link QualityTally#MAX_KEPT} and adding the counts, and reads the merged row back
 * (RETURNING), in one transaction.
 */
public final class PostgresQualityStore implements QualityStore {
    private static final String UPSERT = """
            INSERT INTO quality_buckets AS b (tenant_id, session_id, bucket_start, source, rtt_ms, rtt_count, sent, lost,
              jitter_sum_ms, jitter_pairs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, session_id, bucket_start, source) DO UPDATE SET
              rtt_ms = (b.rtt_ms || EXCLUDED.rtt_ms)[1:%d],
              rtt_count = b.rtt_count + EXCLUDED.rtt_count,
              sent = b.sent + EXCLUDED.sent,
              lost = b.lost + EXCLUDED.lost,
              jitter_sum_ms = b.jitter_sum_ms + EXCLUDED.jitter_sum_ms,
              jitter_pairs = b.jitter_pairs + EXCLUDED.jitter_pairs
            RETURNING bucket_start, source, rtt_ms, rtt_count, sent, lost, jitter_sum_ms, jitter_pairs
            """.formatted(QualityTally.MAX_KEPT);

    private static final String COLUMNS = "source, rtt_ms, rtt_count, sent, lost, jitter_sum_ms, jitter_pairs";

    private final DSLContext dsl;

    public PostgresQualityStore(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    private record Key(TenantId tenant, SessionId session, Instant start, QualitySource source) {}

    @Override
    public List<SessionBucket> add(Collection<QualityMeasurement> measurements) {
        Map<Key, QualityTally> merged = new LinkedHashMap<>();
        for (QualityMeasurement m : measurements) {
            Instant start = BandwidthInterval.FIVE_MINUTES.floor(m.at());
            merged.merge(
                    new Key(m.tenant(), m.session(), start, m.source()),
                    QualityTally.of(m, start),
                    (a, b) -> a.plus(b, start));
        }
        if (merged.isEmpty()) {
            return List.of();
        }
        try {
            return TransientFailures.transaction(
                    dsl,
                    configuration -> PlainJdbc.run(configuration.dsl(), UPSERT, (connection, statement) -> {
                        List<SessionBucket> stored = new ArrayList<>(merged.size());
                        for (Map.Entry<Key, QualityTally> entry : merged.entrySet()) {
                            Key key = entry.getKey();
                            QualityTally tally = entry.getValue();
                            statement.setString(1, key.tenant().value());
                            statement.setObject(2, key.session().value());
                            statement.setTimestamp(3, Timestamp.from(Instants.toDb(key.start())));
                            statement.setShort(4, (short) key.source().number());
                            statement.setArray(5, reals(connection, tally.rttMillis()));
                            statement.setLong(6, tally.rttCount());
                            statement.setLong(7, tally.sent());
                            statement.setLong(8, tally.lost());
                            statement.setDouble(9, tally.jitterSumMillis());
                            statement.setLong(10, tally.jitterPairs());
                            try (ResultSet row = statement.executeQuery()) {
                                row.next();
                                stored.add(new SessionBucket(key.tenant(), key.session(), tally(row, 1)));
                            }
                        }
                        return stored;
                    }));
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    @Override
    public List<QualityTally> buckets(TenantId tenant, SessionId session, Instant from, Instant to) {
        return read("quality_buckets", "bucket_start", tenant, session, from, to);
    }

    @Override
    public List<QualityTally> hours(TenantId tenant, SessionId session, Instant from, Instant to) {
        return read("quality_hours", "hour_start", tenant, session, from, to);
    }

    private List<QualityTally> read(
            String table, String start, TenantId tenant, SessionId session, Instant from, Instant to) {
        String sql = "SELECT " + start + ", " + COLUMNS + " FROM " + table
                + " WHERE tenant_id = ? AND session_id = ? AND " + start + " >= ? AND " + start + " < ?"
                + " ORDER BY " + start + ", source";
        return query(
                sql,
                statement -> {
                    statement.setString(1, tenant.value());
                    statement.setObject(2, session.value());
                    statement.setTimestamp(3, Timestamp.from(Instants.toDb(from)));
                    statement.setTimestamp(4, Timestamp.from(Instants.toDb(to)));
                },
                row -> tally(row, 1));
    }

    @Override
    public Map<SessionId, List<QualityTally>> recent(TenantId tenant, Instant from, Instant to) {
        String sql = "SELECT session_id, bucket_start, " + COLUMNS + " FROM quality_buckets"
                + " WHERE tenant_id = ? AND bucket_start >= ? AND bucket_start < ?";
        Map<SessionId, List<QualityTally>> result = new HashMap<>();
        query(
                sql,
                statement -> {
                    statement.setString(1, tenant.value());
                    statement.setTimestamp(2, Timestamp.from(Instants.toDb(from)));
                    statement.setTimestamp(3, Timestamp.from(Instants.toDb(to)));
                },
                row -> {
                    result.computeIfAbsent(new SessionId(row.getObject(1, UUID.class)), s -> new ArrayList<>())
                            .add(tally(row, 2));
                    return null;
                });
        return result;
    }

    @Override
    public boolean changeState(TenantId tenant, SessionId session, Instant bucket, boolean degraded) {
        // the row before the change comes from the CTE's snapshot: a change needs a row that differed (or none
        // and degraded); a later bucket's state is never replaced
        String sql = """
                WITH old AS (SELECT degraded FROM quality_states WHERE tenant_id = ? AND session_id = ?),
                up AS (
                  INSERT INTO quality_states AS s (tenant_id, session_id, bucket_start, degraded) VALUES (?, ?, ?, ?)
                  ON CONFLICT (tenant_id, session_id) DO UPDATE SET bucket_start = EXCLUDED.bucket_start,
                    degraded = EXCLUDED.degraded
                  WHERE s.bucket_start <= EXCLUDED.bucket_start
                  RETURNING degraded)
                SELECT (SELECT count(*) FROM up) AS written, (SELECT degraded FROM old) AS before
                """;
        List<Boolean> changed = query(
                sql,
                statement -> {
                    statement.setString(1, tenant.value());
                    statement.setObject(2, session.value());
                    statement.setString(3, tenant.value());
                    statement.setObject(4, session.value());
                    statement.setTimestamp(5, Timestamp.from(Instants.toDb(bucket)));
                    statement.setBoolean(6, degraded);
                },
                row -> {
                    boolean written = row.getLong(1) > 0;
                    boolean before = row.getBoolean(2); // null (no row) reads as false: not degraded
                    return written && before != degraded;
                });
        return changed.get(0);
    }

    @Override
    public Map<IpAddress, SessionId> openByAddress(TenantId tenant, Collection<IpAddress> addresses) {
        String sql = """
                SELECT DISTINCT ON (framed_ip) host(framed_ip), id FROM sessions
                WHERE tenant_id = ? AND stop_time IS NULL AND framed_ip = ANY (?::inet[])
                ORDER BY framed_ip, start_time DESC
                """;
        Map<IpAddress, SessionId> result = new HashMap<>();
        query(
                sql,
                statement -> {
                    statement.setString(1, tenant.value());
                    statement.setArray(
                            2,
                            statement
                                    .getConnection()
                                    .createArrayOf(
                                            "text",
                                            addresses.stream()
                                                    .map(IpAddress::toString)
                                                    .toArray()));
                },
                row -> {
                    result.put(IpAddress.parse(row.getString(1)), new SessionId(row.getObject(2, UUID.class)));
                    return null;
                });
        return result;
    }

    @Override
    public Map<String, SessionId> openByUsername(TenantId tenant, Collection<String> usernames) {
        String sql = """
                SELECT DISTINCT ON (username) username, id FROM sessions
                WHERE tenant_id = ? AND stop_time IS NULL AND username = ANY (?::text[])
                ORDER BY username, start_time DESC
                """;
        Map<String, SessionId> result = new HashMap<>();
        query(
                sql,
                statement -> {
                    statement.setString(1, tenant.value());
                    statement.setArray(2, statement.getConnection().createArrayOf("text", usernames.toArray()));
                },
                row -> {
                    result.put(row.getString(1), new SessionId(row.getObject(2, UUID.class)));
                    return null;
                });
        return result;
    }

    @Override
    public List<ProbeTarget> probeTargets(ProbeTarget after, int limit) {
        String sql = "SELECT tenant_id, id, host(framed_ip) FROM sessions"
                + " WHERE stop_time IS NULL AND framed_ip IS NOT NULL"
                + (after == null ? "" : " AND (tenant_id, id) > (?, ?)")
                + " ORDER BY tenant_id, id LIMIT ?";
        return query(
                sql,
                statement -> {
                    int i = 1;
                    if (after != null) {
                        statement.setString(i++, after.tenant().value());
                        statement.setObject(i++, after.session().value());
                    }
                    statement.setInt(i, limit);
                },
                row -> new ProbeTarget(
                        TenantId.of(row.getString(1)),
                        new SessionId(row.getObject(2, UUID.class)),
                        IpAddress.parse(row.getString(3))));
    }

    // ---- JDBC --------------------------------------------------------------------------------------------------

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try {
            return PlainJdbc.run(dsl, sql, (connection, statement) -> {
                binder.bind(statement);
                List<T> rows = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        rows.add(reader.read(row));
                    }
                }
                return rows;
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private static Array reals(Connection connection, List<Double> values) throws SQLException {
        return connection.createArrayOf(
                "float4", values.stream().map(Double::floatValue).toArray(Float[]::new));
    }

    /** A tally from the columns start, source, rtt_ms, rtt_count, sent, lost, jitter_sum_ms, jitter_pairs at {@code first}. */
    static QualityTally tally(ResultSet row, int first) throws SQLException {
        Instant start = row.getTimestamp(first).toInstant();
        QualitySource source = QualitySource.ofNumber(row.getShort(first + 1));
        Object[] rtts = (Object[]) row.getArray(first + 2).getArray();
        List<Double> rttMillis =
                Arrays.stream(rtts).map(v -> ((Number) v).doubleValue()).toList();
        return new QualityTally(
                start,
                source,
                rttMillis,
                row.getLong(first + 3),
                row.getLong(first + 4),
                row.getLong(first + 5),
                row.getDouble(first + 6),
                row.getLong(first + 7));
    }
}

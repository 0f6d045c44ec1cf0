package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Usage samples stored as rows of {@code session_samples}: one statement, {@code INSERT … SELECT FROM unnest(arrays)}.
 * {@link UsageSampleFold} runs it for the samples the accounting units queued ({@link SampleBatchAppend}, ADR 67);
 * until 2026-12-06 the unit ran it in its own transaction. The natural key (tenant, session, time) turns a
 * retransmission into nothing: a sample already stored is skipped by a look-up of that key, a second one in the batch
 * before the statement. Not {@code ON CONFLICT DO NOTHING}: its speculative insertion logs a confirmation record per
 * row (Heap/HEAP_CONFIRM, 52 B of WAL a packet, {@code WALDUMP=1 bench/ingest.sh}). Two instances storing the same
 * sample at the same instant make one of the statements fail on the key; its transaction is retried like any that
 * meets a conflict, and the look-up then skips the sample.
 *
 * <p>The look-up is skipped for a sample marked newer than anything stored of its session ({@link
 * SessionSample#newerThanStored}, kept as a flag of the queued record): nearly every one. A scalar sub-select per row,
 * pruning the partitions at run time each time, was the largest part of this statement's cost (4.8 ms a batch of ~300
 * rows, pg_stat_statements, 2026-12-02). The mark is trusted on a first attempt only ({@code trustNewer}): if a marked
 * sample's key is taken anyway, the attempt fails on the key, and the retry looks every key up.
 *
 * <p>A sample older than the roll-ups ({@code usage_rollup_state.claimed_until}: a late packet, or one folded after
 * its quarter was claimed) also queues its session's hour for a re-roll ({@code usage_dirty_hours}); that part of the
 * statement writes nothing for samples in time.
 *
 * <p>Bound with plain JDBC and binary arrays, like {@link SessionUpsert}.
 */
final class SessionSamplesAppend {
    static final String SQL = """
            WITH inserted AS (
              INSERT INTO session_samples AS s (
                tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
              SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time,
                v.kind
              FROM (SELECT u.tenant_id, u.session_id::uuid AS session_id,
                      TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
                      u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
                    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                ?::smallint[], ?::boolean[])
                      AS u(tenant_id, session_id, at_us, download_octets, upload_octets, session_time, kind,
                           newer)) AS v
              -- a scalar sub-select, never turned into a join: one primary-key look-up per row, and none for a row
              -- known to be newer (OR evaluates its arguments in order and stops at the first true)
              WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
                     AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL
              RETURNING s.tenant_id, s.session_id, s.sampled_at)
            INSERT INTO usage_dirty_hours (tenant_id, session_id, hour)
            SELECT DISTINCT i.tenant_id, i.session_id, date_trunc('hour', i.sampled_at, 'UTC')
            FROM inserted i JOIN usage_rollup_state r ON r.id = 1 AND i.sampled_at < r.claimed_until
            ON CONFLICT DO NOTHING
            """;

    private SessionSamplesAppend() {}

    /**
     * Appends {@code batch}; {@code trustNewer} says whether a sample marked {@link SessionSample#newerThanStored}
     * skips the look-up of its key (a first attempt) or not (its retries).
     */
    static void execute(DSLContext tx, Collection<SessionSample> batch, boolean trustNewer) {
        if (batch.isEmpty()) {
            return;
        }
        Collection<SessionSample> samples = distinct(batch);
        Columns columns = new Columns(samples.size());
        for (SessionSample sample : samples) {
            UsageSample usage = sample.sample();
            columns.add(
                    sample.tenant().value(),
                    sample.session().toString(),
                    micros(usage.at()),
                    usage.downloadOctets(),
                    usage.uploadOctets(),
                    usage.sessionTimeSeconds(),
                    code(usage.kind()),
                    sample.newerThanStored());
        }
        execute(tx, columns, trustNewer);
    }

    /** Appends the samples in {@code columns} (no two with one key), as {@link #execute(DSLContext, Collection, boolean)}. */
    static void execute(DSLContext tx, Columns columns, boolean trustNewer) {
        if (columns.size == 0) {
            return;
        }
        PlainJdbc.run(tx, SQL, (connection, statement) -> {
            columns.bind(connection, statement, trustNewer);
            statement.executeUpdate();
            return null;
        });
    }

    /** The statement's parameters, a column a field, filled up to a capacity. */
    static final class Columns {
        private final String[] tenant;
        private final String[] session;
        private final long[] at;
        private final long[] down;
        private final long[] up;
        private final long[] sessionTime;
        private final Short[] kind;
        private final boolean[] newer;
        private int size;

        Columns(int capacity) {
            tenant = new String[capacity];
            session = new String[capacity];
            at = new long[capacity];
            down = new long[capacity];
            up = new long[capacity];
            sessionTime = new long[capacity];
            kind = new Short[capacity];
            newer = new boolean[capacity];
        }

        /** Binds the columns, each cut to the size filled, as {@link #SQL}'s parameters. */
        private void bind(Connection connection, PreparedStatement statement, boolean trustNewer) throws SQLException {
            boolean full = isFull();
            boolean[] hinted = new boolean[size];
            for (int i = 0; i < size; i++) {
                hinted[i] = trustNewer && newer[i];
            }
            statement.setObject(1, full ? tenant : Arrays.copyOf(tenant, size));
            statement.setObject(2, full ? session : Arrays.copyOf(session, size));
            statement.setObject(3, full ? at : Arrays.copyOf(at, size));
            statement.setObject(4, full ? down : Arrays.copyOf(down, size));
            statement.setObject(5, full ? up : Arrays.copyOf(up, size));
            statement.setObject(6, full ? sessionTime : Arrays.copyOf(sessionTime, size));
            statement.setArray(7, connection.createArrayOf("int2", full ? kind : Arrays.copyOf(kind, size)));
            statement.setObject(8, hinted);
        }

        void add(
                String tenantId,
                String sessionId,
                long atMicros,
                long downloadOctets,
                long uploadOctets,
                long sessionTimeSeconds,
                short kindCode,
                boolean newerThanStored) {
            tenant[size] = tenantId;
            session[size] = sessionId;
            at[size] = atMicros;
            down[size] = downloadOctets;
            up[size] = uploadOctets;
            sessionTime[size] = sessionTimeSeconds;
            kind[size] = kindCode;
            newer[size] = newerThanStored;
            size++;
        }

        int size() {
            return size;
        }

        boolean isFull() {
            return size == tenant.length;
        }
    }

    /** The batch without a second sample of one session at one microsecond (the key as stored; the first is kept). */
    private static Collection<SessionSample> distinct(Collection<SessionSample> batch) {
        Map<Key, SessionSample> byKey = new LinkedHashMap<>(batch.size() * 2);
        for (SessionSample sample : batch) {
            byKey.putIfAbsent(
                    new Key(
                            sample.tenant(),
                            sample.session(),
                            micros(sample.sample().at())),
                    sample);
        }
        return byKey.size() == batch.size() ? batch : byKey.values();
    }

    private record Key(TenantId tenant, SessionId session, long atMicros) {}

    /** The {@code kind} column: 1 Start, 2 Interim-Update, 3 Stop. */
    static short code(UsageSample.Kind kind) {
        return switch (kind) {
            case START -> 1;
            case INTERIM -> 2;
            case STOP -> 3;
        };
    }

    static UsageSample.Kind kind(short code) {
        return switch (code) {
            case 1 -> UsageSample.Kind.START;
            case 3 -> UsageSample.Kind.STOP;
            default -> UsageSample.Kind.INTERIM;
        };
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}

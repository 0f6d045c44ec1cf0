package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.UsageSample;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Usage samples stored as rows of {@code session_samples}, {@code INSERT … SELECT FROM unnest(arrays)}, for the
 * samples the accounting units queued ({@link SampleBatchAppend}, ADR 67), run by {@link UsageSampleFold}; until
 * 2026-12-06 the unit ran it in its own transaction. The natural key (tenant, session, time) turns a retransmission
 * into nothing: a sample already stored is skipped by a look-up of that key, a second one in the step before the
 * statement ({@link Step#add}). Not {@code ON CONFLICT DO NOTHING}: its speculative insertion logs a confirmation
 * record per row (Heap/HEAP_CONFIRM, 52 B of WAL a packet, {@code WALDUMP=1 bench/ingest.sh}). Two instances storing
 * the same sample at the same instant make one of the statements fail on the key; its transaction is retried like any
 * that meets a conflict, and the look-up then skips the sample.
 *
 * <p>The look-up is skipped for a sample marked newer than anything stored of its session ({@link
 * SessionSample#newerThanStored}, kept as a flag of the queued record): nearly every one. A scalar sub-select per row,
 * pruning the partitions at run time each time, was the largest part of this statement's cost (4.8 ms a batch of ~300
 * rows, pg_stat_statements, 2026-12-02). The mark is trusted on a first attempt only ({@code trustNewer}): if a marked
 * sample's key is taken anyway, the attempt fails on the key, and the retry looks every key up.
 *
 * <p>A sample older than the roll-ups ({@code usage_rollup_state.claimed_until}: a late packet, or one folded after
 * its quarter was claimed) also queues its session's hour for a re-roll. The step reads the claim once ({@link
 * #claimedUntil}), stores late samples with the same statement as the others, and queues their hours itself: one row
 * of {@code usage_late_hours} a tenant and UTC hour, the sessions' ids one {@code bytea} ({@link #LATE_HOURS}, at
 * most {@link #LATE_IDS_PER_ROW} a row). Until V40 the late samples went through a statement of their own that
 * returned the rows stored into {@code usage_dirty_hours}, a row and a key entry a session and hour: 7.1 µs of
 * PostgreSQL a late sample against 4.2–4.6 for one in time; queued a row an hour, 4.1–4.3 ({@code
 * bench/prototypes/fold-statement/}, ADR 69). An hour is queued for a late sample the look-up then skips as stored
 * (a retransmission) too: its re-roll changes nothing.
 *
 * <p>The tenant is one parameter a statement (a step makes a statement a tenant) and the session ids one {@code
 * bytea} of 16-byte ids, where arrays of text cost PostgreSQL another 0.3–0.5 µs a sample and the service the ids'
 * text. The other columns are binary arrays, like {@link SessionUpsert}'s.
 */
final class SessionSamplesAppend {
    private static final String ROWS = """
              SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time,
                v.kind
              FROM (SELECT ?::text AS tenant_id,
                      encode(substring(b.ids FROM ((u.n - 1) * 16 + 1)::int FOR 16), 'hex')::uuid AS session_id,
                      TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
                      u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
                    FROM (SELECT ?::bytea AS ids) AS b,
                      unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[], ?::boolean[])
                        WITH ORDINALITY AS u(at_us, download_octets, upload_octets, session_time, kind, newer, n)) AS v
              -- a scalar sub-select, never turned into a join: one primary-key look-up per row, and none for a row
              -- known to be newer (OR evaluates its arguments in order and stops at the first true)
              WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
                     AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL""";

    /** The samples of one statement, each key once. */
    static final String SQL = """
            INSERT INTO session_samples (
              tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
            """ + ROWS;

    /** Session ids a row of {@code usage_late_hours} at most (16 kB): the re-roll's bound holds a row at a time. */
    static final int LATE_IDS_PER_ROW = 1_000;

    /** One row of the late hours' queue: a tenant, a UTC hour in microseconds, the sessions' 16-byte ids. */
    static final String LATE_HOURS = """
            INSERT INTO usage_late_hours (tenant_id, hour, session_ids)
            VALUES (?, TIMESTAMPTZ 'epoch' + ? * INTERVAL '1 microsecond', ?)""";

    private static final long HOUR_MICROS = 3_600_000_000L;

    private SessionSamplesAppend() {}

    /**
     * The roll-ups' claim ({@code usage_rollup_state.claimed_until}) in microseconds, read in {@code tx} after giving
     * it a transaction id ({@code pg_current_xact_id()}): the roll-up's claim waits for every transaction with an id
     * older than the claim's commit ({@link UsageRollups}), so a sample this step stores as not late is either
     * visible to the roll-up's read of its hour or older than a claim this step has read.
     */
    static long claimedUntil(DSLContext tx) {
        return PlainJdbc.run(
                tx,
                "SELECT pg_current_xact_id(), (extract(epoch FROM claimed_until) * 1000000)::bigint"
                        + " FROM usage_rollup_state WHERE id = 1",
                (connection, statement) -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getLong(2) : Long.MIN_VALUE;
                    }
                });
    }

    /**
     * The statements of one transaction: samples added one by one (each key once, the first), grouped by tenant,
     * {@code perStatement} to a statement; and the hours of the late ones, each session once an hour.
     */
    static final class Step {
        private final long claimedUntil;
        private final int perStatement;
        private final Set<Key> seen = new HashSet<>();
        private final Map<String, Columns> open = new HashMap<>();
        private final List<Columns> statements = new ArrayList<>();
        private final Map<LateHour, Set<IdBits>> lateHours = new LinkedHashMap<>();

        Step(long claimedUntilMicros, int perStatement) {
            this.claimedUntil = claimedUntilMicros;
            this.perStatement = perStatement;
        }

        /**
         * Adds the queued record at {@code records}' position ({@link SampleBatchAppend}'s layout; the position moves
         * past it) unless a sample of its key (tenant, session, microsecond) was added before; says which.
         */
        boolean add(String tenant, ByteBuffer records) {
            long most = records.getLong();
            long least = records.getLong();
            long at = records.getLong();
            long down = records.getLong();
            long up = records.getLong();
            long sessionTime = records.getLong();
            int flags = records.get() & 0xff;
            if (!seen.add(new Key(tenant, most, least, at))) {
                return false;
            }
            if (at < claimedUntil) {
                lateHours
                        .computeIfAbsent(
                                new LateHour(tenant, Math.floorDiv(at, HOUR_MICROS) * HOUR_MICROS),
                                hour -> new LinkedHashSet<>())
                        .add(new IdBits(most, least));
            }
            Columns columns = open.get(tenant);
            if (columns == null || columns.isFull()) {
                columns = new Columns(tenant, perStatement);
                open.put(tenant, columns);
                statements.add(columns);
            }
            columns.add(
                    most,
                    least,
                    at,
                    down,
                    up,
                    sessionTime,
                    (short) (flags & SampleBatchAppend.KIND_MASK),
                    (flags & SampleBatchAppend.NEWER) != 0);
            return true;
        }

        /** Runs the statements in {@code tx}; {@code trustNewer} as for an accounting unit's first attempt or not. */
        void execute(DSLContext tx, boolean trustNewer) {
            for (Columns columns : statements) {
                PlainJdbc.run(tx, SQL, (connection, statement) -> {
                    columns.bind(statement, trustNewer);
                    statement.executeUpdate();
                    return null;
                });
            }
            if (!lateHours.isEmpty()) {
                queueLateHours(tx);
            }
        }

        /** The late samples' hours, a row a tenant and hour and {@link #LATE_IDS_PER_ROW} sessions: one JDBC batch. */
        private void queueLateHours(DSLContext tx) {
            PlainJdbc.run(tx, LATE_HOURS, (connection, statement) -> {
                for (Map.Entry<LateHour, Set<IdBits>> hour : lateHours.entrySet()) {
                    List<IdBits> ids = new ArrayList<>(hour.getValue());
                    for (int from = 0; from < ids.size(); from += LATE_IDS_PER_ROW) {
                        List<IdBits> row = ids.subList(from, Math.min(ids.size(), from + LATE_IDS_PER_ROW));
                        ByteBuffer bytes = ByteBuffer.allocate(row.size() * 16);
                        row.forEach(id -> bytes.putLong(id.most()).putLong(id.least()));
                        statement.setString(1, hour.getKey().tenant());
                        statement.setLong(2, hour.getKey().hourMicros());
                        statement.setBytes(3, bytes.array());
                        statement.addBatch();
                    }
                }
                statement.executeBatch();
                return null;
            });
        }

        private record Key(String tenant, long most, long least, long at) {}

        private record LateHour(String tenant, long hourMicros) {}

        private record IdBits(long most, long least) {}
    }

    /** One statement's parameters: a tenant, the ids as 16-byte records, a column a field, filled up to a capacity. */
    private static final class Columns {
        private final String tenant;
        private final ByteBuffer ids;
        private final long[] at;
        private final long[] down;
        private final long[] up;
        private final long[] sessionTime;
        private final short[] kind;
        private final boolean[] newer;
        private int size;

        Columns(String tenant, int capacity) {
            this.tenant = tenant;
            ids = ByteBuffer.allocate(capacity * 16);
            at = new long[capacity];
            down = new long[capacity];
            up = new long[capacity];
            sessionTime = new long[capacity];
            kind = new short[capacity];
            newer = new boolean[capacity];
        }

        void add(
                long idMost,
                long idLeast,
                long atMicros,
                long downloadOctets,
                long uploadOctets,
                long sessionTimeSeconds,
                short kindCode,
                boolean newerThanStored) {
            ids.putLong(idMost).putLong(idLeast);
            at[size] = atMicros;
            down[size] = downloadOctets;
            up[size] = uploadOctets;
            sessionTime[size] = sessionTimeSeconds;
            kind[size] = kindCode;
            newer[size] = newerThanStored;
            size++;
        }

        boolean isFull() {
            return size == at.length;
        }

        /** Binds the columns, each cut to the size filled, as {@link #ROWS}' parameters. */
        void bind(PreparedStatement statement, boolean trustNewer) throws SQLException {
            boolean full = isFull();
            boolean[] hinted = new boolean[size];
            for (int i = 0; i < size; i++) {
                hinted[i] = trustNewer && newer[i];
            }
            statement.setString(1, tenant);
            statement.setBytes(2, full ? ids.array() : Arrays.copyOf(ids.array(), size * 16));
            statement.setObject(3, full ? at : Arrays.copyOf(at, size));
            statement.setObject(4, full ? down : Arrays.copyOf(down, size));
            statement.setObject(5, full ? up : Arrays.copyOf(up, size));
            statement.setObject(6, full ? sessionTime : Arrays.copyOf(sessionTime, size));
            statement.setObject(7, full ? kind : Arrays.copyOf(kind, size));
            statement.setObject(8, hinted);
        }
    }

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

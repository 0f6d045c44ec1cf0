package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.UsageSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.postgresql.copy.CopyIn;

/**
 * Usage samples stored as rows of {@code session_samples}, for the samples the accounting units queued ({@link
 * SampleBatchAppend}, ADR 67), run by {@link UsageSampleFold}; until 2026-12-06 the unit stored them in its own
 * transaction. The natural key (tenant, session, time) turns a retransmission into nothing: a second sample of a key
 * in the step is dropped before any statement ({@link Step#add}), and one already stored is skipped by a look-up of
 * its key. Not {@code ON CONFLICT DO NOTHING}: its speculative insertion logs a confirmation record per row
 * (Heap/HEAP_CONFIRM, 52 B of WAL a packet, {@code WALDUMP=1 bench/ingest.sh}).
 *
 * <p><b>The samples marked newer</b> than anything stored of their session ({@link SessionSample#newerThanStored},
 * kept as a flag of the queued record), nearly all, need no look-up: a step sends them in one {@code COPY … FROM
 * STDIN (FORMAT binary)} ({@link #COPY}, {@link CopyRows}), in the key's order (ADR 70). PostgreSQL then writes the
 * heap a page at a time (one WAL record a page, not a row) and inserts the key's entries leaf after leaf: 2.4 µs of
 * PostgreSQL's CPU a sample against 4.1 for the {@code INSERT … SELECT FROM unnest(arrays)} that stored them before
 * ({@code bench/prototypes/fold-statement/}, {@code copysorted} against {@code bytes}). The mark is trusted on a first
 * attempt only ({@code trustNewer}): if a marked sample's key is taken anyway (two instances storing the same sample,
 * a unit's mark wrong), the {@code COPY} fails on the key, the step is retried, and the retry looks every key up.
 *
 * <p><b>The others</b> go through {@link #SQL}, {@code INSERT … SELECT FROM unnest(arrays)} with a scalar sub-select
 * of the key per row, after the {@code COPY} (so they see its rows). The tenant is one parameter a statement (a step
 * makes a statement a tenant) and the session ids one {@code bytea} of 16-byte ids, where arrays of text cost
 * PostgreSQL another 0.3–0.5 µs a sample and the service the ids' text.
 *
 * <p>A sample older than the roll-ups ({@code usage_rollup_state.claimed_until}: a late packet, or one folded after
 * its quarter was claimed) also queues its session's hour for a re-roll. The step reads the claim once ({@link
 * #claimedUntil}), stores late samples as it stores the others, and queues their hours itself: one row
 * of {@code usage_late_hours} a tenant and UTC hour, the sessions' ids one {@code bytea} ({@link #LATE_HOURS}, at
 * most {@link #LATE_IDS_PER_ROW} a row). Until V40 the late samples went through a statement of their own that
 * returned the rows stored into {@code usage_dirty_hours}, a row and a key entry a session and hour: 7.1 µs of
 * PostgreSQL a late sample against 4.2–4.6 for one in time; queued a row an hour, 4.1–4.3 ({@code
 * bench/prototypes/fold-statement/}, ADR 69). An hour is queued for a late sample already stored (a retransmission)
 * too: its re-roll changes nothing.
 */
final class SessionSamplesAppend {
    /** The rows of a statement, each stored unless its key is taken (a retransmission, or a sample not marked newer). */
    private static final String ROWS = """
              SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time,
                v.kind
              FROM (SELECT ?::text AS tenant_id,
                      encode(substring(b.ids FROM ((u.n - 1) * 16 + 1)::int FOR 16), 'hex')::uuid AS session_id,
                      TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
                      u.download_octets, u.upload_octets, u.session_time, u.kind
                    FROM (SELECT ?::bytea AS ids) AS b,
                      unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[])
                        WITH ORDINALITY AS u(at_us, download_octets, upload_octets, session_time, kind, n)) AS v
              -- a scalar sub-select, never turned into a join: one primary-key look-up per row
              WHERE (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
                     AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL""";

    /** The samples of one statement whose keys may be taken, each key once: those taken are skipped. */
    static final String SQL = """
            INSERT INTO session_samples (
              tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
            """ + ROWS;

    /** The samples marked newer than anything stored (nearly all), in {@link CopyRows}' binary format. */
    static final String COPY = "COPY session_samples (tenant_id, session_id, sampled_at, download_octets,"
            + " upload_octets, session_time, kind) FROM STDIN (FORMAT binary)";

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
        private final boolean trustNewer;
        private final Set<Key> seen = new HashSet<>();
        private final CopyRows copy = new CopyRows();
        private final Map<String, Columns> open = new HashMap<>();
        private final List<Columns> statements = new ArrayList<>();
        private final Map<LateHour, Set<IdBits>> lateHours = new LinkedHashMap<>();

        /** {@code trustNewer}: whether the units' newer marks are trusted (a step's first attempt) or not. */
        Step(long claimedUntilMicros, int perStatement, boolean trustNewer) {
            this.claimedUntil = claimedUntilMicros;
            this.perStatement = perStatement;
            this.trustNewer = trustNewer;
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
            short kind = (short) (flags & SampleBatchAppend.KIND_MASK);
            if (trustNewer && (flags & SampleBatchAppend.NEWER) != 0) {
                copy.add(tenant, most, least, at, down, up, sessionTime, kind);
                return true;
            }
            Columns columns = open.get(tenant);
            if (columns == null || columns.isFull()) {
                columns = new Columns(tenant, perStatement);
                open.put(tenant, columns);
                statements.add(columns);
            }
            columns.add(most, least, at, down, up, sessionTime, kind);
            return true;
        }

        /**
         * Runs the statements in {@code tx}: the samples marked newer by one {@code COPY}, then the others with the
         * look-up of their keys (which sees the copied rows), then the late hours' queue.
         */
        void execute(DSLContext tx) {
            if (!copy.isEmpty()) {
                PlainJdbc.copyIn(tx, COPY, copy::writeTo);
            }
            for (Columns columns : statements) {
                PlainJdbc.run(tx, SQL, (connection, statement) -> {
                    columns.bind(statement);
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
        private int size;

        Columns(String tenant, int capacity) {
            this.tenant = tenant;
            ids = ByteBuffer.allocate(capacity * 16);
            at = new long[capacity];
            down = new long[capacity];
            up = new long[capacity];
            sessionTime = new long[capacity];
            kind = new short[capacity];
        }

        void add(
                long idMost,
                long idLeast,
                long atMicros,
                long downloadOctets,
                long uploadOctets,
                long sessionTimeSeconds,
                short kindCode) {
            ids.putLong(idMost).putLong(idLeast);
            at[size] = atMicros;
            down[size] = downloadOctets;
            up[size] = uploadOctets;
            sessionTime[size] = sessionTimeSeconds;
            kind[size] = kindCode;
            size++;
        }

        boolean isFull() {
            return size == at.length;
        }

        /** Binds the columns, each cut to the size filled, as {@link #ROWS}' parameters. */
        void bind(PreparedStatement statement) throws SQLException {
            boolean full = isFull();
            statement.setString(1, tenant);
            statement.setBytes(2, full ? ids.array() : Arrays.copyOf(ids.array(), size * 16));
            statement.setObject(3, full ? at : Arrays.copyOf(at, size));
            statement.setObject(4, full ? down : Arrays.copyOf(down, size));
            statement.setObject(5, full ? up : Arrays.copyOf(up, size));
            statement.setObject(6, full ? sessionTime : Arrays.copyOf(sessionTime, size));
            statement.setObject(7, full ? kind : Arrays.copyOf(kind, size));
        }
    }

    /**
     * Rows for {@code COPY … FROM STDIN (FORMAT binary)} ({@link #COPY}'s columns), sent in the order of the key
     * (tenant, session id as PostgreSQL orders {@code uuid}, time): consecutive rows then land on the same leaf of
     * the key's B-tree. PostgreSQL's binary copy format: a header, each row its field count and each field its length
     * and value (text as UTF-8, {@code uuid} its 16 bytes, {@code timestamptz} microseconds since 2000-01-01 UTC,
     * integers big-endian), and a trailer.
     */
    static final class CopyRows {
        private static final byte[] HEADER = {
            'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
        };
        private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
        /** Bytes sent a write: a row is 80 bytes and its tenant's name (at most 63 characters, 252 bytes). */
        static final int CHUNK = 64 * 1024;

        /** Written out rather than with {@code thenComparing(…, Long::compareUnsigned)}, which boxes both longs. */
        private static final Comparator<Row> KEY_ORDER = (a, b) -> {
            int order = a.tenant().compareTo(b.tenant());
            if (order == 0) {
                order = UuidOrder.compare(a.most(), a.least(), b.most(), b.least());
            }
            return order != 0 ? order : Long.compare(a.at(), b.at());
        };

        private final List<Row> rows = new ArrayList<>();

        private record Row(String tenant, long most, long least, long at, long down, long up, long time, short kind) {}

        void add(
                String tenant, long most, long least, long atMicros, long down, long up, long sessionTime, short kind) {
            rows.add(new Row(tenant, most, least, atMicros, down, up, sessionTime, kind));
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        /**
         * Writes the stream to {@code copy}: the header, the rows in the key's order, the trailer, through one buffer
         * of {@link #CHUNK} bytes (a step's whole stream, about 87 bytes a row, would be a large array every second).
         */
        void writeTo(CopyIn copy) throws SQLException {
            rows.sort(KEY_ORDER);
            Map<String, byte[]> names = new HashMap<>();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).put(HEADER);
            for (Row row : rows) {
                byte[] name = names.computeIfAbsent(row.tenant(), t -> t.getBytes(StandardCharsets.UTF_8));
                if (buffer.remaining() < 80 + name.length) {
                    copy.writeToCopy(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putShort((short) 7);
                buffer.putInt(name.length).put(name);
                buffer.putInt(16).putLong(row.most()).putLong(row.least());
                buffer.putInt(8).putLong(row.at() - POSTGRES_EPOCH_MICROS);
                buffer.putInt(8).putLong(row.down());
                buffer.putInt(8).putLong(row.up());
                buffer.putInt(8).putLong(row.time());
                buffer.putInt(2).putShort(row.kind());
            }
            if (buffer.remaining() < 2) {
                copy.writeToCopy(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putShort((short) -1);
            copy.writeToCopy(buffer.array(), 0, buffer.position());
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

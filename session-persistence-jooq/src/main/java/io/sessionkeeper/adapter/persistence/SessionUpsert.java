package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The accounting write, set-based: an {@code UPDATE … FROM unnest(arrays)} of the batch's sessions that the unit read,
 * then for the others (Starts, mostly: sessions the unit made, which it never read) an {@code INSERT … SELECT FROM
 * unnest(arrays) ON CONFLICT (tenant_id, id) DO UPDATE}. Both apply one merge rule ({@link #MERGE}), {@link Session#mergedWith} in SQL, so that whatever a writer
 * passes (a stale copy, a late packet, a racing instance) a stored session never loses usage or session time,
 * never moves its last update back or its start forward (and moves a settled start not at all, an unsettled one
 * only by more than {@link Session#START_TOLERANCE}), once stopped keeps its stop time and cause, and once
 * stopped by the NAS itself keeps its counters and session time. Optional values (addresses, rate limit, the NAS's
 * interim interval) are learnt when a row carries them and kept when it does not.
 *
 * <p>Before both, the sessions that only progressed since the unit read them ({@link Session#onlyProgressedFrom}: an
 * Interim-Update of an open session, nearly every packet) are written as that progress alone ({@link #PROGRESS}):
 * six columns, none indexed, so the update is HOT. A row it does not find open goes on to the merge with the rest.
 *
 * <p>A session the unit was answered from {@link WrittenSessions} (not read) is written by either update only on a row
 * still as remembered ({@link #AS_REMEMBERED}); if its row is not, nothing more is written and the unit is done again
 * from the rows ({@link OutdatedMemoryException}).
 *
 * <p>This is the one place with SQL text, bound with plain JDBC (see {@link #execute}). The updates go first, and
 * among the inserts the rows that stop a session, so a batch that supersedes an open session and opens its successor
 * with the same key never holds two open sessions of one key at any moment (the partial unique index {@code
 * sessions_open_key_uk} is checked row by row).
 */
final class SessionUpsert {
    /** {@link Session#stoppedByNas()} in SQL: the NAS's own Stop makes counters and session time final. */
    private static final String NAS_STOPPED = "s.stop_time IS NOT NULL AND s.terminated_by IS DISTINCT FROM 'service'";

    /**
     * The batch as rows of the table's columns (named as in {@code sessions}), with their position in the batch
     * ({@code ord}, 1-based): the input of both statements.
     */
    private static final String ROWS = """
            SELECT u.tenant_id, u.id::uuid AS id, u.nas_id::uuid AS nas_id, u.session_key::uuid AS session_key,
              u.acct_session_id, u.username, u.framed_ip::inet AS framed_ip, u.mac_address::macaddr AS mac_address,
              u.connection_type,
              TIMESTAMPTZ 'epoch' + u.start_us * INTERVAL '1 microsecond' AS start_time,
              TIMESTAMPTZ 'epoch' + u.stop_us * INTERVAL '1 microsecond' AS stop_time,
              TIMESTAMPTZ 'epoch' + u.last_update_us * INTERVAL '1 microsecond' AS last_update,
              u.download_octets, u.upload_octets, u.download_packets, u.upload_packets, u.session_time,
              u.terminate_cause, u.terminate_cause_code, u.terminated_by, u.called_station_id, u.nas_port_id,
              u.host_ip::inet AS host_ip, u.rate_limit, u.start_settled, u.interim_interval_seconds,
              u.framed_ipv6::inet AS framed_ipv6, u.framed_ipv6_prefix::inet AS framed_ipv6_prefix,
              u.delegated_ipv6_prefix::inet AS delegated_ipv6_prefix, u.expected_xmin,
              TIMESTAMPTZ 'epoch' + u.expected_last_update_us * INTERVAL '1 microsecond' AS expected_last_update, u.ord
            FROM unnest(
              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
              ?::bigint[], ?::text[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::boolean[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
              AS u(tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip, mac_address,
                   connection_type, start_us, stop_us, last_update_us, download_octets, upload_octets,
                   download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
                   terminated_by, called_station_id, nas_port_id, host_ip, rate_limit, start_settled,
                   interim_interval_seconds, framed_ipv6, framed_ipv6_prefix, delegated_ipv6_prefix, expected_xmin,
                   expected_last_update_us, ord)""";

    /**
     * The row a session answered from {@link WrittenSessions} was written on is still as written: the same version
     * ({@code xmin}, the id of the transaction that wrote it) and last update. No condition for a session the unit
     * read ({@code expected_xmin} NULL). The last update guards against a version number met again (a database
     * restored to an earlier point counts its transaction ids from there).
     */
    private static final String AS_REMEMBERED = "(v.expected_xmin IS NULL OR (s.xmin = v.expected_xmin::text::xid"
            + " AND s.last_update = v.expected_last_update))";

    /**
     * {@link Session#mergedWith} in SQL: the stored row {@code s} merged with the incoming one ({@code {IN}}). Written
     * once, used by both statements.
     */
    private static final String MERGE = """
              start_time = CASE
                WHEN {IN}.start_settled THEN LEAST(s.start_time, {IN}.start_time)
                WHEN s.start_settled THEN s.start_time
                WHEN {IN}.start_time < s.start_time - INTERVAL '{START_TOLERANCE} seconds' THEN {IN}.start_time
                ELSE s.start_time END,
              start_settled = s.start_settled OR {IN}.start_settled,
              last_update = GREATEST(s.last_update, {IN}.last_update),
              stop_time = COALESCE(s.stop_time, {IN}.stop_time),
              terminate_cause = CASE WHEN s.stop_time IS NULL THEN {IN}.terminate_cause ELSE s.terminate_cause END,
              terminate_cause_code =
                CASE WHEN s.stop_time IS NULL THEN {IN}.terminate_cause_code ELSE s.terminate_cause_code END,
              terminated_by = CASE WHEN s.stop_time IS NULL THEN {IN}.terminated_by ELSE s.terminated_by END,
              download_octets = CASE WHEN {NAS_STOPPED} THEN s.download_octets ELSE GREATEST(s.download_octets, {IN}.download_octets) END,
              upload_octets = CASE WHEN {NAS_STOPPED} THEN s.upload_octets ELSE GREATEST(s.upload_octets, {IN}.upload_octets) END,
              download_packets = CASE WHEN {NAS_STOPPED} THEN s.download_packets ELSE GREATEST(s.download_packets, {IN}.download_packets) END,
              upload_packets = CASE WHEN {NAS_STOPPED} THEN s.upload_packets ELSE GREATEST(s.upload_packets, {IN}.upload_packets) END,
              session_time = CASE WHEN {NAS_STOPPED} THEN s.session_time ELSE GREATEST(s.session_time, {IN}.session_time) END,
              framed_ip = COALESCE({IN}.framed_ip, s.framed_ip),
              mac_address = COALESCE({IN}.mac_address, s.mac_address),
              called_station_id = COALESCE({IN}.called_station_id, s.called_station_id),
              nas_port_id = COALESCE({IN}.nas_port_id, s.nas_port_id),
              host_ip = COALESCE({IN}.host_ip, s.host_ip),
              rate_limit = COALESCE({IN}.rate_limit, s.rate_limit),
              interim_interval_seconds = COALESCE({IN}.interim_interval_seconds, s.interim_interval_seconds),
              framed_ipv6 = COALESCE({IN}.framed_ipv6, s.framed_ipv6),
              framed_ipv6_prefix = COALESCE({IN}.framed_ipv6_prefix, s.framed_ipv6_prefix),
              delegated_ipv6_prefix = COALESCE({IN}.delegated_ipv6_prefix, s.delegated_ipv6_prefix)""".replace("{NAS_STOPPED}", NAS_STOPPED)
            .replace("{START_TOLERANCE}", Long.toString(Session.START_TOLERANCE.toSeconds()));

    /**
     * The first words of an UPDATE of {@code sessions} that sets none of the columns the session counters count
     * (tenant, NAS, connection type, stop time, start time): their trigger skips such a statement (V39, ADR 68). Only a
     * statement of one UPDATE, whose SET list names none of those columns, may begin with it ({@code
     * SessionCountersTest}).
     */
    static final String NO_COUNTED_COLUMN = "/* sessionkeeper: no counted column */ ";

    /**
     * {@link #MERGE} for a session that only progressed since the unit read it, open: on a stored row that is still
     * open ({@code stop_time IS NULL}; else the merge decides) the merge changes these columns only, and to these
     * values, because everything else of the row is what the unit read (the session is locked by key for the unit).
     * A column the interim does not carry is not written, so a change made meanwhile by another writer to it (the
     * rate limit of a CoA, say) stays. Eight arrays instead of 29 and six assignments instead of 25: 2.6-2.9 ms
     * against 3.7-4.2 ms for 300 interims on a 230,000-row table (pgbench, prepared, 2026-12-04).
     *
     * <p>"Still open" is written {@code coalesce(s.stop_time, 'infinity') = 'infinity'}, which no partial index of open
     * sessions can serve, so that the join is a primary-key probe a row whatever the statistics say ({@code
     * StaleStatisticsPlanTest}). Written {@code s.stop_time IS NULL}, and planned from statistics taken while nearly
     * every session was closed (after a NAS's Accounting-On, or the benchmark's warm-up), it became a hash join over the
     * partial index of open sessions estimated at one row: 29,377 open sessions read for every batch, 40 ms a call
     * against 4.3 ms, until the next analysis (docs/benchmarks.md, 2026-12-05). No session stops at 'infinity': a stop
     * time is an event's or the service's clock.
     *
     * <p>The statement begins with {@link #NO_COUNTED_COLUMN}: it sets none of the columns the session counters count
     * (V39, ADR 68), so their trigger returns at once instead of grouping both transition tables to find nothing to
     * add: PostgreSQL 1.9 µs a packet less with radclient's batches of about 90, within the spread with batches of 350
     * (docs/benchmarks.md, 2026-12-06).
     */
    static final String PROGRESS = NO_COUNTED_COLUMN + """
            UPDATE sessions AS s SET
              last_update = GREATEST(s.last_update, v.last_update),
              download_octets = GREATEST(s.download_octets, v.download_octets),
              upload_octets = GREATEST(s.upload_octets, v.upload_octets),
              download_packets = GREATEST(s.download_packets, v.download_packets),
              upload_packets = GREATEST(s.upload_packets, v.upload_packets),
              session_time = GREATEST(s.session_time, v.session_time)
            FROM (SELECT u.tenant_id, u.id::uuid AS id,
                    TIMESTAMPTZ 'epoch' + u.last_update_us * INTERVAL '1 microsecond' AS last_update,
                    u.download_octets, u.upload_octets, u.download_packets, u.upload_packets, u.session_time,
                    u.expected_xmin,
                    TIMESTAMPTZ 'epoch' + u.expected_last_update_us * INTERVAL '1 microsecond' AS expected_last_update,
                    u.ord
                  FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                              ?::bigint[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                    AS u(tenant_id, id, last_update_us, download_octets, upload_octets, download_packets,
                         upload_packets, session_time, expected_xmin, expected_last_update_us, ord)) AS v
            WHERE s.tenant_id = v.tenant_id AND s.id = v.id AND coalesce(s.stop_time, 'infinity') = 'infinity'
              AND {AS_REMEMBERED}
            RETURNING v.ord, s.xmin::text::int8""".replace("{AS_REMEMBERED}", AS_REMEMBERED);

    /**
     * The rows that exist: a plain UPDATE, returning the batch positions it updated. An INSERT … ON CONFLICT DO UPDATE
     * locks the conflicting row first, which PostgreSQL logs as a record of its own (Heap/LOCK: 56 B of WAL per
     * packet, 1.03 records, measured with {@code WALDUMP=1 bench/ingest.sh}); an UPDATE locks it within its own
     * record. The join is a primary-key look-up per row ({@code QueryPlanTest}).
     */
    private static final String UPDATE = """
            UPDATE sessions AS s SET
            {MERGE}
            FROM ({ROWS}) AS v
            WHERE s.tenant_id = v.tenant_id AND s.id = v.id AND {AS_REMEMBERED}
            RETURNING v.ord, s.xmin::text::int8""".replace("{MERGE}", MERGE.replace("{IN}", "v"))
            .replace("{ROWS}", ROWS)
            .replace("{AS_REMEMBERED}", AS_REMEMBERED);

    /**
     * The rows not read by the unit or not found by the UPDATE: new sessions, and (ON CONFLICT) a session another
     * instance inserted since.
     */
    private static final String INSERT =
            """
            INSERT INTO sessions AS s (
              tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip, mac_address,
              connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
              download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
              terminated_by, called_station_id, nas_port_id, host_ip, rate_limit, start_settled,
              interim_interval_seconds, framed_ipv6, framed_ipv6_prefix, delegated_ipv6_prefix)
            SELECT v.tenant_id, v.id, v.nas_id, v.session_key, v.acct_session_id, v.username, v.framed_ip,
              v.mac_address, v.connection_type, v.start_time, v.stop_time, v.last_update, v.download_octets,
              v.upload_octets, v.download_packets, v.upload_packets, v.session_time, v.terminate_cause,
              v.terminate_cause_code, v.terminated_by, v.called_station_id, v.nas_port_id, v.host_ip, v.rate_limit,
              v.start_settled, v.interim_interval_seconds, v.framed_ipv6, v.framed_ipv6_prefix, v.delegated_ipv6_prefix
            FROM ({ROWS}) AS v ORDER BY v.ord
            ON CONFLICT (tenant_id, id) DO UPDATE SET
            {MERGE}
            RETURNING s.id, xmax = 0 AS inserted, s.xmin::text::int8
            """.replace("{MERGE}", MERGE.replace("{IN}", "EXCLUDED")).replace("{ROWS}", ROWS);

    /**
     * {@link #INSERT} without its {@code ON CONFLICT} clause, for a unit's first attempt when every row to insert is a
     * session the unit made (never read: a Start's random id, which no row can have). ON CONFLICT's speculative
     * insertion first probes the primary key, then takes and releases a speculative-insertion lock and logs a
     * confirmation record (Heap/HEAP_CONFIRM) for every row. If a row with the id exists after all (an embedder saving
     * a session it did not read), the statement fails on {@code sessions_pk}, {@link TransientFailures} retries the
     * unit, and the retry inserts with {@link #INSERT}.
     */
    static final String INSERT_MADE =
            INSERT.substring(0, INSERT.indexOf("ON CONFLICT")) + INSERT.substring(INSERT.indexOf("RETURNING"));

    /** Stopping rows first, then by key: a stable order for row locks, too. */
    private static final Comparator<Session> WRITE_ORDER = Comparator.comparing((Session s) -> s.stopTime() == null)
            .thenComparing(s -> s.tenant().value())
            .thenComparing(s -> s.id().value());

    private SessionUpsert() {}

    /**
     * What one call wrote: the rows it inserted (not those updated: {@code xmax = 0} only for a row version this
     * statement created, the usual PostgreSQL idiom), which pace {@link YoungTableStatistics}; the sessions written
     * by the progress statement and those inserted new, which {@link WrittenSessions} may remember; and the version
     * ({@code xmin}) of the rows written, the id of the unit's transaction ({@code -1} when nothing was written).
     */
    record Written(int inserted, Set<SessionId> progressed, Set<SessionId> insertedNew, long xmin) {
        static final Written NOTHING = new Written(0, Set.of(), Set.of(), -1);
    }

    /**
     * A session answered from {@link WrittenSessions} whose row is no longer as remembered: the unit's outcome may
     * rest on an old copy, so the unit is done again, reading the rows.
     */
    static final class OutdatedMemoryException extends RuntimeException {
        private final transient Set<SessionId> sessions;

        OutdatedMemoryException(Set<SessionId> sessions) {
            super("sessions changed since this instance wrote them: " + sessions.size(), null, false, false);
            this.sessions = sessions;
        }

        Set<SessionId> sessions() {
            return sessions;
        }
    }

    /**
     * Writes the sessions: the progress statement for those that only progressed since {@code asRead} (the unit's
     * reads by id, from the rows or from memory); the merge for the other sessions read; an insert for the sessions
     * not read, and for those the merge did not find. A session read from memory ({@code remembered}: its row
     * version) is written only on a row still as remembered, by either update; if one is not, nothing more is written
     * and {@link OutdatedMemoryException} says which (the transaction is then rolled back by the caller). With
     * {@code trustMade} (a unit's first attempt) sessions the unit made are inserted without {@code ON CONFLICT}
     * ({@link #INSERT_MADE}).
     *
     * <p>Bound with plain JDBC, one array per column, filled in one pass over the rows: the writer's hottest
     * code. Through jOOQ's array binding, rendering each array as a PostgreSQL literal (and every instant as ISO
     * text) was a quarter of the service's CPU per packet (JFR, bench/ingest.sh PROFILE=1). pgjdbc sends the
     * {@code long[]} arrays in binary; instants travel as microseconds since the epoch.
     */
    static Written execute(
            DSLContext tx,
            Collection<Session> sessions,
            Map<SessionId, Session> asRead,
            Map<SessionId, Long> remembered,
            boolean trustMade) {
        if (sessions.isEmpty()) {
            return Written.NOTHING;
        }
        List<Session> sorted = new ArrayList<>(mergeDuplicates(sessions));
        sorted.sort(WRITE_ORDER);
        List<Session> progressed = new ArrayList<>(sorted.size());
        for (Session row : sorted) {
            if (row.onlyProgressedFrom(asRead.get(row.id()))) {
                progressed.add(row);
            }
        }
        Expected expected = new Expected(asRead, remembered);
        // the progress statement first; a row it did not find open goes on to the merge (unless remembered)
        Updated byProgress = update(
                tx,
                PROGRESS,
                progressed,
                (connection, statement, batch) -> bindProgress(connection, statement, batch, expected));
        expected.requireWritten(progressed, byProgress.ids());
        List<Session> rows = without(sorted, byProgress.ids());
        // A session the unit never read is one it made (a Start: a random id): no row to update, straight to the
        // insert, whose ON CONFLICT still merges if one exists after all.
        List<Session> known = new ArrayList<>(rows.size());
        for (Session row : rows) {
            if (asRead.containsKey(row.id())) {
                known.add(row);
            }
        }
        Updated byMerge = update(tx, UPDATE, known, (connection, statement, batch) -> new Columns(batch, expected)
                .bind(connection, statement));
        expected.requireWritten(known, byMerge.ids());
        List<Session> missing = without(rows, byMerge.ids());
        long xmin = Math.max(byProgress.xmin(), byMerge.xmin());
        if (missing.isEmpty()) {
            return new Written(0, byProgress.ids(), Set.of(), xmin);
        }
        Set<SessionId> insertedNew = new HashSet<>(missing.size() * 2);
        // only sessions the unit made (none read and not found by the merge): no row can hold their ids
        boolean allMade = trustMade && missing.size() == rows.size() - known.size();
        long insertXmin = PlainJdbc.run(tx, allMade ? INSERT_MADE : INSERT, (connection, statement) -> {
            new Columns(missing, expected).bind(connection, statement);
            long version = -1;
            try (java.sql.ResultSet written = statement.executeQuery()) {
                while (written.next()) {
                    if (written.getBoolean(2)) {
                        insertedNew.add(new SessionId(written.getObject(1, java.util.UUID.class)));
                    }
                    version = written.getLong(3);
                }
            }
            return version;
        });
        return new Written(insertedNew.size(), byProgress.ids(), insertedNew, Math.max(xmin, insertXmin));
    }

    /** The version each row of a session answered from memory must still have, and its last update. */
    private record Expected(Map<SessionId, Session> asRead, Map<SessionId, Long> remembered) {
        /** The expected {@code xmin}, or null for a session the unit read from the rows. */
        Long xmin(Session row) {
            return remembered.get(row.id());
        }

        long lastUpdateMicros(Session row) {
            Session read = asRead.get(row.id());
            return read == null || xmin(row) == null ? 0 : Columns.micros(read.lastUpdate());
        }

        /** Every remembered session among {@code rows} was written, or the unit is done again. */
        void requireWritten(List<Session> rows, Set<SessionId> written) {
            if (remembered.isEmpty() || written.size() == rows.size()) {
                return;
            }
            Set<SessionId> outdated = new HashSet<>();
            for (Session row : rows) {
                if (!written.contains(row.id()) && remembered.containsKey(row.id())) {
                    outdated.add(row.id());
                }
            }
            if (!outdated.isEmpty()) {
                throw new OutdatedMemoryException(outdated);
            }
        }
    }

    /** Binds the parameters of a statement over a batch of rows. */
    private interface Binding {
        void bind(Connection connection, PreparedStatement statement, List<Session> rows) throws SQLException;
    }

    /** The ids of the rows an update wrote, and the version it gave them ({@code -1}: none). */
    private record Updated(Set<SessionId> ids, long xmin) {
        static final Updated NONE = new Updated(Set.of(), -1);
    }

    /**
     * Runs an {@code UPDATE … RETURNING v.ord, xmin} over {@code rows} (none when there are none); returns the ids of
     * the rows it wrote.
     */
    private static Updated update(DSLContext tx, String sql, List<Session> rows, Binding binding) {
        if (rows.isEmpty()) {
            return Updated.NONE;
        }
        Set<SessionId> written = new HashSet<>(rows.size() * 2);
        long xmin = PlainJdbc.run(tx, sql, (connection, statement) -> {
            binding.bind(connection, statement, rows);
            long version = -1;
            try (java.sql.ResultSet positions = statement.executeQuery()) {
                while (positions.next()) {
                    written.add(rows.get((int) positions.getLong(1) - 1).id());
                    version = positions.getLong(2);
                }
            }
            return version;
        });
        return new Updated(written, xmin);
    }

    /** {@code rows} without those {@code written}, in their order. */
    private static List<Session> without(List<Session> rows, Set<SessionId> written) {
        if (written.isEmpty()) {
            return rows;
        }
        List<Session> rest = new ArrayList<>(rows.size() - written.size());
        for (Session row : rows) {
            if (!written.contains(row.id())) {
                rest.add(row);
            }
        }
        return rest;
    }

    /** The ten arrays of {@link #PROGRESS}, in its parameter order. */
    private static void bindProgress(
            Connection connection, PreparedStatement statement, List<Session> rows, Expected expected)
            throws SQLException {
        int n = rows.size();
        String[] tenant = new String[n];
        String[] id = new String[n];
        long[] lastUpdate = new long[n];
        long[] downloadOctets = new long[n];
        long[] uploadOctets = new long[n];
        long[] downloadPackets = new long[n];
        long[] uploadPackets = new long[n];
        long[] sessionTime = new long[n];
        Long[] expectedXmin = new Long[n];
        long[] expectedLastUpdate = new long[n];
        for (int i = 0; i < n; i++) {
            Session row = rows.get(i);
            expectedXmin[i] = expected.xmin(row);
            expectedLastUpdate[i] = expected.lastUpdateMicros(row);
            tenant[i] = row.tenant().value();
            id[i] = row.id().toString();
            lastUpdate[i] = Columns.micros(row.lastUpdate());
            downloadOctets[i] = row.usage().downloadOctets();
            uploadOctets[i] = row.usage().uploadOctets();
            downloadPackets[i] = row.usage().downloadPackets();
            uploadPackets[i] = row.usage().uploadPackets();
            sessionTime[i] = row.sessionTimeSeconds();
        }
        Object[] parameters = {
            tenant,
            id,
            lastUpdate,
            downloadOctets,
            uploadOctets,
            downloadPackets,
            uploadPackets,
            sessionTime,
            connection.createArrayOf("int8", expectedXmin),
            expectedLastUpdate
        };
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    /** The batch as one array per column of the statement, in its parameter order. */
    private static final class Columns {
        private final String[] tenant;
        private final String[] id;
        private final String[] nasId;
        private final String[] key;
        private final String[] acctSessionId;
        private final String[] username;
        private final String[] framedIp;
        private final String[] mac;
        private final String[] connectionType;
        private final long[] start;
        private final Long[] stop;
        private final long[] lastUpdate;
        private final long[] downloadOctets;
        private final long[] uploadOctets;
        private final long[] downloadPackets;
        private final long[] uploadPackets;
        private final long[] sessionTime;
        private final String[] cause;
        private final Integer[] causeCode;
        private final String[] terminatedBy;
        private final String[] calledStationId;
        private final String[] nasPortId;
        private final String[] hostIp;
        private final String[] rateLimit;
        private final Boolean[] startSettled;
        private final Integer[] interimInterval;
        private final String[] framedIpv6;
        private final String[] framedIpv6Prefix;
        private final String[] delegatedIpv6Prefix;
        private final Long[] expectedXmin;
        private final long[] expectedLastUpdate;

        Columns(List<Session> rows, Expected expected) {
            int n = rows.size();
            tenant = new String[n];
            id = new String[n];
            nasId = new String[n];
            key = new String[n];
            acctSessionId = new String[n];
            username = new String[n];
            framedIp = new String[n];
            mac = new String[n];
            connectionType = new String[n];
            start = new long[n];
            stop = new Long[n];
            lastUpdate = new long[n];
            downloadOctets = new long[n];
            uploadOctets = new long[n];
            downloadPackets = new long[n];
            uploadPackets = new long[n];
            sessionTime = new long[n];
            cause = new String[n];
            causeCode = new Integer[n];
            terminatedBy = new String[n];
            calledStationId = new String[n];
            nasPortId = new String[n];
            hostIp = new String[n];
            rateLimit = new String[n];
            startSettled = new Boolean[n];
            interimInterval = new Integer[n];
            framedIpv6 = new String[n];
            framedIpv6Prefix = new String[n];
            delegatedIpv6Prefix = new String[n];
            expectedXmin = new Long[n];
            expectedLastUpdate = new long[n];
            for (int i = 0; i < n; i++) {
                Session s = rows.get(i);
                expectedXmin[i] = expected.xmin(s);
                expectedLastUpdate[i] = expected.lastUpdateMicros(s);
                tenant[i] = s.tenant().value();
                id[i] = s.id().toString();
                nasId[i] = s.nasId().toString();
                key[i] = s.key().value().toString();
                acctSessionId[i] = s.acctSessionId();
                username[i] = s.username();
                framedIp[i] = s.framedIp() == null ? null : s.framedIp().toString();
                mac[i] = s.macAddress() == null ? null : s.macAddress().value();
                connectionType[i] = s.connectionType().name();
                start[i] = micros(s.startTime());
                stop[i] = s.stopTime() == null ? null : micros(s.stopTime());
                lastUpdate[i] = micros(s.lastUpdate());
                downloadOctets[i] = s.usage().downloadOctets();
                uploadOctets[i] = s.usage().uploadOctets();
                downloadPackets[i] = s.usage().downloadPackets();
                uploadPackets[i] = s.usage().uploadPackets();
                sessionTime[i] = s.sessionTimeSeconds();
                cause[i] = TerminateCauses.name(s.terminateCause());
                causeCode[i] = TerminateCauses.code(s.terminateCause());
                terminatedBy[i] = TerminateCauses.origin(s.terminateCause());
                calledStationId[i] = s.port().calledStationId();
                nasPortId[i] = s.port().nasPortId();
                hostIp[i] = s.port().hostIp() == null ? null : s.port().hostIp().toString();
                rateLimit[i] = s.rateLimit();
                startSettled[i] = s.startSettled();
                interimInterval[i] = s.interimInterval() == null
                        ? null
                        : (int) Math.min(s.interimInterval().toSeconds(), Integer.MAX_VALUE);
                Ipv6Assignment ipv6 = s.ipv6();
                if (!ipv6.isEmpty()) {
                    framedIpv6[i] =
                            ipv6.address() == null ? null : ipv6.address().toString();
                    framedIpv6Prefix[i] = ipv6.framedPrefix() == null
                            ? null
                            : ipv6.framedPrefix().toString();
                    delegatedIpv6Prefix[i] = ipv6.delegatedPrefix() == null
                            ? null
                            : ipv6.delegatedPrefix().toString();
                }
            }
        }

        void bind(Connection connection, PreparedStatement statement) throws SQLException {
            Object[] parameters = {
                tenant,
                id,
                nasId,
                key,
                acctSessionId,
                username,
                framedIp,
                mac,
                connectionType,
                start,
                connection.createArrayOf("int8", stop),
                lastUpdate,
                downloadOctets,
                uploadOctets,
                downloadPackets,
                uploadPackets,
                sessionTime,
                cause,
                connection.createArrayOf("int4", causeCode),
                terminatedBy,
                calledStationId,
                nasPortId,
                hostIp,
                rateLimit,
                connection.createArrayOf("bool", startSettled),
                connection.createArrayOf("int4", interimInterval),
                framedIpv6,
                framedIpv6Prefix,
                delegatedIpv6Prefix,
                connection.createArrayOf("int8", expectedXmin),
                expectedLastUpdate
            };
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        }

        /** Microseconds since the epoch, what PostgreSQL keeps of an instant (see {@link Instants#toDb}). */
        static long micros(Instant instant) {
            Instant cut = Instants.toDb(instant);
            return Math.addExact(Math.multiplyExact(cut.getEpochSecond(), 1_000_000L), cut.getNano() / 1_000);
        }
    }

    /** Two versions of one session in a batch become one row (a statement may not update a row twice). */
    private static Collection<Session> mergeDuplicates(Collection<Session> sessions) {
        Map<RowKey, Session> byId = new LinkedHashMap<>(sessions.size() * 2);
        for (Session session : sessions) {
            Objects.requireNonNull(session, "session");
            byId.merge(new RowKey(session.tenant(), session.id()), session, Session::mergedWith);
        }
        return byId.values();
    }

    private record RowKey(TenantId tenant, SessionId id) {}
}

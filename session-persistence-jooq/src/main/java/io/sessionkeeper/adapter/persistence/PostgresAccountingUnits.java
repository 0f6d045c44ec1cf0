package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import io.sessionkeeper.domain.port.out.SessionWrites;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The accounting unit of work ({@link io.sessionkeeper.domain.port.out.SessionRepository#prepare}): one transaction
 * on a connection of its own that first takes a transaction-scoped advisory lock on each session key (in sorted
 * order, so two writers never wait for each other in a cycle), which serialises writers of the same keys across
 * processes; then the domain's reads ({@link #LATEST_OF_KEYS}, {@link #OPEN_OF_DEVICES}) and its one write (the
 * upsert, {@link SessionUpsert}), with the NAS's last accounting ({@link NasActivityUpsert}, at most once a second
 * per NAS) and its packets per minute ({@link NasPacketMinutesUpsert}). The commit is the unit's own step ({@link Unit#commit}): the RADIUS listener
 * prepares its next batch on another connection while this one waits for its WAL flush, and the locks held until
 * then keep units of the same keys in order.
 *
 * <p>Transient failures (deadlock, serialization, a race on the open-key index) retry the whole preparation, up to
 * {@link TransientFailures#MAX_ATTEMPTS}; database failures reach the caller as the domain's {@link StoreFailures
 * typed exceptions} (refused data or an unavailable database), and nothing is held after one.
 */
final class PostgresAccountingUnits {
    private final DSLContext dsl;
    private final YoungTableStatistics statistics;
    private final NasActivityUpsert nasActivity = new NasActivityUpsert();

    PostgresAccountingUnits(DSLContext dsl, YoungTableStatistics statistics) {
        this.dsl = dsl;
        this.statistics = statistics;
    }

    <T> PreparedWrite<T> prepare(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        long[] lockIds = lockIds(keys);
        for (int attempt = 1; ; attempt++) {
            Unit<T> unit = Unit.begin(dsl.configuration().connectionProvider());
            try {
                DSLContext tx = DSL.using(dsl.configuration().derive(unit.connection));
                lock(tx, lockIds);
                unit.result = work.apply(new PostgresSessionWrites(tx, statistics, nasActivity, attempt == 1));
                return unit;
            } catch (DataAccessException e) {
                unit.close();
                if (attempt < TransientFailures.MAX_ATTEMPTS && TransientFailures.isTransient(e)) {
                    TransientFailures.pause(attempt);
                    continue;
                }
                throw StoreFailures.accounting(e);
            } catch (RuntimeException | Error e) {
                unit.close();
                throw e;
            }
        }
    }

    /**
     * One transaction on one connection, from begin to commit or rollback; the connection goes back to the pool
     * from {@link #close} only.
     */
    private static final class Unit<T> implements PreparedWrite<T> {
        private final ConnectionProvider provider;
        private final Connection connection;
        private T result;
        private boolean committed;
        private boolean closed;

        private Unit(ConnectionProvider provider, Connection connection) {
            this.provider = provider;
            this.connection = connection;
        }

        static <T> Unit<T> begin(ConnectionProvider provider) {
            Connection connection;
            try {
                connection = provider.acquire();
            } catch (DataAccessException e) {
                throw StoreFailures.accounting(e);
            }
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                provider.release(connection);
                throw StoreFailures.accounting(new DataAccessException("cannot begin a transaction", e));
            }
            return new Unit<>(provider, connection);
        }

        @Override
        public T result() {
            return result;
        }

        @Override
        public void commit() {
            if (closed || committed) {
                throw new IllegalStateException("the unit was already ended");
            }
            try {
                connection.commit();
                committed = true;
            } catch (SQLException e) {
                RuntimeException failure = StoreFailures.accounting(new DataAccessException("the commit failed", e));
                throw failure instanceof StoreUnavailableException
                        ? failure
                        : new StoreUnavailableException("the commit failed: " + failure.getMessage(), e);
            }
        }

        /** Rolls back unless committed, and gives the connection back in the state the pool expects. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!committed) {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException e) {
                // a broken connection: the pool finds it broken and retires it
            } finally {
                provider.release(connection);
            }
        }
    }

    /** A 64-bit advisory-lock id per key, sorted and without repeats. */
    static long[] lockIds(Set<SessionKey> keys) {
        return keys.stream()
                .mapToLong(PostgresAccountingUnits::lockId)
                .sorted()
                .distinct()
                .toArray();
    }

    static long lockId(SessionKey key) {
        return key.value().getMostSignificantBits() ^ key.value().getLeastSignificantBits();
    }

    /**
     * {@code SELECT set_config('enable_seqscan', 'off', true), count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM
     * unnest(ids) ORDER BY k)}: one round trip; the sorted subquery is not flattened, so locks are taken in
     * ascending order.
     *
     * <p>The rest of the unit of work looks rows up by key, and an index lookup is always the right plan for it.
     * The planner only knows that from statistics, which autovacuum refreshes at most once a minute: on a young,
     * filling table it believed the table tiny and hash-joined the batch with a sequential scan of 100,000 rows
     * (125 ms instead of 3). The batch's reads are now written so that they can only probe ({@link
     * #LATEST_OF_KEYS}); sequential scans stay off for this transaction only ({@code is_local}) as a second line:
     * an index scan of a tiny table costs next to nothing.
     */
    private static void lock(DSLContext tx, long[] lockIds) {
        if (lockIds.length == 0) {
            return;
        }
        // long[] travels in binary
        PlainJdbc.run(tx, LOCK_SQL, (connection, statement) -> {
            statement.setObject(1, lockIds);
            statement.executeQuery().close();
            return null;
        });
    }

    private static final String LOCK_SQL = "SELECT set_config('enable_seqscan', 'off', true),"
            + " count(pg_advisory_xact_lock(sorted.k)) FROM (SELECT k FROM unnest(?::bigint[]) AS ids(k) ORDER BY k)"
            + " AS sorted";

    /**
     * The newest session of each key: one probe of {@code sessions_key_start_idx} per key. The batch's reads are
     * written as {@code unnest(…) CROSS JOIN LATERAL (… LIMIT / OFFSET)} so that PostgreSQL plans them as a loop of
     * index probes whatever its statistics say: the LIMIT/OFFSET keeps the subquery from being flattened into a
     * join. As joins they were planned from statistics that lag behind a young, filling table (autovacuum analyses
     * at most once a minute): sequential scans whose {@code = ANY(text array)} filter re-parsed 500 keys per row
     * (0.4-3.9 s per batch), a hash join over a bitmap scan of every open session (27,000 rows, 30 ms), a
     * materialised nested loop filtering 710,500 pairs (110 ms), where the probes take 2-5 ms.
     */
    private static final String LATEST_OF_KEYS = "SELECT " + SessionRows.COLUMNS + """

            FROM unnest(?::uuid[]) AS k(session_key)
            CROSS JOIN LATERAL (SELECT * FROM sessions WHERE sessions.session_key = k.session_key
                                ORDER BY sessions.start_time DESC, sessions.id DESC LIMIT 1) AS s""";

    /** The open sessions of (NAS, user) pairs: one probe of {@code sessions_open_nas_user_idx} per pair. */
    private static final String OPEN_OF_DEVICES = "SELECT " + SessionRows.COLUMNS + """

            FROM unnest(?::uuid[], ?::varchar[]) AS d(nas_id, username)
            CROSS JOIN LATERAL (SELECT * FROM sessions WHERE sessions.nas_id = d.nas_id
                                AND sessions.username = d.username AND sessions.stop_time IS NULL OFFSET 0) AS s
            ORDER BY s.start_time, s.id""";

    /** The reads and the write of one atomic unit, on its transaction. */
    private static final class PostgresSessionWrites implements SessionWrites {
        private final DSLContext tx;
        private final YoungTableStatistics statistics;
        private final NasActivityUpsert nasActivity;
        /** A retry does not trust {@link SessionSample#newerThanStored}: the attempt before may have failed on it. */
        private final boolean firstAttempt;
        /**
         * The sessions as this unit read them (by id), for {@link SessionUpsert}'s progress statement; a session leaves
         * it once saved, as the stored row may then differ from what was read.
         */
        private final Map<SessionId, Session> asRead = new HashMap<>();

        PostgresSessionWrites(
                DSLContext tx, YoungTableStatistics statistics, NasActivityUpsert nasActivity, boolean firstAttempt) {
            this.tx = tx;
            this.statistics = statistics;
            this.nasActivity = nasActivity;
            this.firstAttempt = firstAttempt;
        }

        @Override
        public Map<SessionKey, Session> findLatest(Set<SessionKey> keys) {
            if (keys.isEmpty()) {
                return Map.of();
            }
            Object[] values = new Object[keys.size()];
            int i = 0;
            for (SessionKey key : keys) {
                values[i++] = key.value();
            }
            Map<SessionKey, Session> latest = new HashMap<>(keys.size() * 2);
            PlainJdbc.run(tx, LATEST_OF_KEYS, (connection, statement) -> {
                statement.setArray(1, connection.createArrayOf("uuid", values));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Session session = SessionRows.read(rows);
                        latest.put(session.key(), session);
                        asRead.put(session.id(), session);
                    }
                }
                return null;
            });
            return latest;
        }

        @Override
        public List<Session> findOpenOfDevices(Collection<Device> devices) {
            if (devices.isEmpty()) {
                return List.of();
            }
            Set<Device> wanted = new HashSet<>(devices);
            Map<List<String>, Device> pairs = new LinkedHashMap<>();
            for (Device device : devices) {
                pairs.putIfAbsent(List.of(device.nasId().toString(), device.username()), device);
            }
            Object[] nasIds =
                    pairs.values().stream().map(d -> d.nasId().value()).toArray();
            Object[] usernames = pairs.values().stream().map(Device::username).toArray();
            // NAS ids are random UUIDs, so tenant and MAC are checked here, on the few rows found.
            List<Session> open = new ArrayList<>();
            PlainJdbc.run(tx, OPEN_OF_DEVICES, (connection, statement) -> {
                statement.setArray(1, connection.createArrayOf("uuid", nasIds));
                statement.setArray(2, connection.createArrayOf("varchar", usernames));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Session session = SessionRows.read(rows);
                        asRead.put(session.id(), session);
                        if (wanted.contains(new Device(
                                session.tenant(), session.nasId(), session.username(), session.macAddress()))) {
                            open.add(session);
                        }
                    }
                }
                return null;
            });
            return open;
        }

        @Override
        public void saveAll(Collection<Session> sessions) {
            statistics.written(SessionUpsert.execute(tx, sessions, asRead));
            for (Session session : sessions) {
                asRead.remove(session.id());
            }
            OriginalOctetsUpdate.execute(tx, sessions);
            nasActivity.execute(tx, sessions);
            NasPacketMinutesUpsert.execute(tx, sessions);
        }

        /** The unit's timeline events (IP changes, superseded sessions): a statement only for a batch that has any. */
        @Override
        public void recordEvents(Collection<SessionEvent> events) {
            SessionEventInsert.executeGuarded(tx, events);
        }

        @Override
        public void appendSamples(Collection<SessionSample> samples) {
            SessionSamplesAppend.execute(tx, samples, firstAttempt);
        }
    }
}

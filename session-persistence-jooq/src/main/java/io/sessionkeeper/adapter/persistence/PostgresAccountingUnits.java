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
    private final WrittenSessions memory;

    PostgresAccountingUnits(DSLContext dsl, YoungTableStatistics statistics, WrittenSessions memory) {
        this.dsl = dsl;
        this.statistics = statistics;
        this.memory = memory;
    }

    /** The memory of the sessions these units wrote. */
    AccountingMemory memory() {
        return memory;
    }

    /** Forgets the remembered sessions of a NAS (whose open sessions an Accounting-On/Off closes). */
    void forgetNas(io.sessionkeeper.domain.model.NasId nasId) {
        memory.forgetNas(nasId);
    }

    /**
     * A unit whose sessions answered from {@link WrittenSessions} turned out changed since ({@link
     * SessionUpsert.OutdatedMemoryException}) is rolled back and done again at once, those keys forgotten; every
     * attempt after the first reads the rows only.
     */
    <T> PreparedWrite<T> prepare(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        long[] lockIds = lockIds(keys);
        for (int attempt = 1; ; attempt++) {
            Unit<T> unit = Unit.begin(dsl.configuration().connectionProvider(), memory);
            try {
                DSLContext tx = DSL.using(dsl.configuration().derive(unit.connection));
                lock(tx, lockIds);
                PostgresSessionWrites writes = new PostgresSessionWrites(
                        tx, statistics, nasActivity, attempt == 1, attempt == 1 ? memory : null);
                unit.result = work.apply(writes);
                unit.staged = writes.staged;
                return unit;
            } catch (SessionUpsert.OutdatedMemoryException e) {
                unit.close();
                memory.outdated(keys);
                if (attempt >= TransientFailures.MAX_ATTEMPTS) {
                    throw e;
                }
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
        private final WrittenSessions memory;
        private T result;
        /** What the memory learns from this unit, at its commit. */
        private Staged staged = Staged.NONE;

        private boolean committed;
        private boolean closed;

        private Unit(ConnectionProvider provider, Connection connection, WrittenSessions memory) {
            this.provider = provider;
            this.connection = connection;
            this.memory = memory;
        }

        static <T> Unit<T> begin(ConnectionProvider provider, WrittenSessions memory) {
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
            return new Unit<>(provider, connection, memory);
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
            // Before the commit: the next unit of these keys waits for it on their locks, and must find the memory as
            // this unit leaves the rows. If the commit fails, the entries go (a wrong one would only cost a retry).
            staged.applyTo(memory);
            try {
                connection.commit();
                committed = true;
            } catch (SQLException e) {
                staged.forgetIn(memory);
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

    /**
     * The open sessions of (NAS, user) pairs: one probe of {@code sessions_open_device_idx} per pair, the only index
     * whose predicate "open" in {@link OpenByDevice}'s form proves.
     */
    static final String OPEN_OF_DEVICES = "SELECT " + SessionRows.COLUMNS + """

            FROM unnest(?::uuid[], ?::varchar[]) AS d(nas_id, username)
            CROSS JOIN LATERAL (SELECT * FROM sessions WHERE sessions.nas_id = d.nas_id
                                AND sessions.username = d.username AND {OPEN} OFFSET 0) AS s
            ORDER BY s.start_time, s.id""".replace("{OPEN}", OpenByDevice.OPEN);

    /** The reads and the write of one atomic unit, on its transaction. */
    private static final class PostgresSessionWrites implements SessionWrites {
        private final DSLContext tx;
        private final YoungTableStatistics statistics;
        private final NasActivityUpsert nasActivity;
        /**
         * A retry does not trust {@link SessionSample#newerThanStored}, nor that a session the unit made has no row
         * ({@link SessionUpsert#INSERT_MADE}): the attempt before may have failed on either.
         */
        private final boolean firstAttempt;
        /**
         * The sessions as this unit read them (by id), for {@link SessionUpsert}'s progress statement; a session leaves
         * it once saved, as the stored row may then differ from what was read.
         */
        private final Map<SessionId, Session> asRead = new HashMap<>();
        /** What this unit may answer from ({@code null}: it reads rows only). */
        private final WrittenSessions memory;
        /** The row versions of the sessions it answered from memory, by id. */
        private final Map<SessionId, Long> remembered = new HashMap<>();

        private Staged staged = Staged.NONE;

        PostgresSessionWrites(
                DSLContext tx,
                YoungTableStatistics statistics,
                NasActivityUpsert nasActivity,
                boolean firstAttempt,
                WrittenSessions memory) {
            this.tx = tx;
            this.statistics = statistics;
            this.nasActivity = nasActivity;
            this.firstAttempt = firstAttempt;
            this.memory = memory;
        }

        /** Each key from memory when it has the key (see {@link WrittenSessions}), else from the rows. */
        @Override
        public Map<SessionKey, Session> findLatest(Set<SessionKey> keys) {
            if (keys.isEmpty()) {
                return Map.of();
            }
            Map<SessionKey, Session> latest = new HashMap<>(keys.size() * 2);
            List<Object> unknown = new ArrayList<>(keys.size());
            for (SessionKey key : keys) {
                WrittenSessions.Written entry = memory == null ? null : memory.get(key);
                if (entry == null) {
                    unknown.add(key.value());
                } else {
                    Session session = entry.session();
                    latest.put(key, session);
                    asRead.put(session.id(), session);
                    remembered.put(session.id(), entry.xmin());
                }
            }
            if (!unknown.isEmpty()) {
                read(unknown.toArray(), latest);
            }
            return latest;
        }

        private void read(Object[] values, Map<SessionKey, Session> latest) {
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
            SessionUpsert.Written written = SessionUpsert.execute(tx, sessions, asRead, remembered, firstAttempt);
            statistics.written(written.inserted());
            if (memory != null) {
                staged = staged.and(Staged.of(sessions, written));
            }
            for (Session session : sessions) {
                asRead.remove(session.id());
                remembered.remove(session.id());
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
            SampleBatchAppend.execute(tx, samples, firstAttempt);
        }
    }

    /**
     * What a unit teaches {@link WrittenSessions}: a session saved open by the progress statement or inserted new is
     * remembered under its key (the row is then what the unit saved, and it is the key's newest session: the one
     * {@code findLatest} answered, or one the unit began after it); the key of any other saved session is forgotten,
     * unless a remembered session of the key (its successor) was saved too; two remembered sessions of one key leave
     * the key to the rows.
     */
    private record Staged(Set<SessionKey> forget, Map<SessionKey, WrittenSessions.Written> remember) {
        static final Staged NONE = new Staged(Set.of(), Map.of());

        static Staged of(Collection<Session> saved, SessionUpsert.Written written) {
            Set<SessionKey> forget = new HashSet<>();
            Set<SessionKey> twice = new HashSet<>();
            Map<SessionKey, WrittenSessions.Written> remember = new HashMap<>(saved.size() * 2);
            for (Session session : saved) {
                boolean progressed = written.progressed().contains(session.id());
                boolean asSaved = progressed || written.insertedNew().contains(session.id());
                if (session.isActive() && asSaved && written.xmin() >= 0) {
                    WrittenSessions.Written lesson = new WrittenSessions.Written(session, written.xmin(), progressed);
                    if (remember.put(session.key(), lesson) != null) {
                        twice.add(session.key());
                    }
                } else {
                    forget.add(session.key());
                }
            }
            forget.removeAll(remember.keySet());
            forget.addAll(twice);
            remember.keySet().removeAll(twice);
            return new Staged(forget, remember);
        }

        /** This unit's lessons after those of an earlier call in the same unit. */
        Staged and(Staged later) {
            if (this == NONE) {
                return later;
            }
            Set<SessionKey> forgetAll = new HashSet<>(forget);
            Map<SessionKey, WrittenSessions.Written> rememberAll = new HashMap<>(remember);
            forgetAll.removeAll(later.remember.keySet());
            rememberAll.keySet().removeAll(later.forget);
            forgetAll.addAll(later.forget);
            rememberAll.putAll(later.remember);
            return new Staged(forgetAll, rememberAll);
        }

        void applyTo(WrittenSessions memory) {
            if (!forget.isEmpty() || !remember.isEmpty()) {
                memory.apply(forget, remember);
            }
        }

        void forgetIn(WrittenSessions memory) {
            memory.forget(forget);
            memory.forget(remember.keySet());
        }
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.database.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions from the hot table to the history and out of it (V30, docs/adr/0049-session-history-partitioned-by-stop-
 * month.md). One run:
 *
 * <ol>
 *   <li><b>Partitions</b>: a month partition of {@code sessions_history} for this month and two ahead, and for every
 *       month archival is about to move sessions into; a month made while rows of it sit in the default partition
 *       takes them in (one transaction).
 *   <li><b>Archival</b>: the hot table read once, {@link #CHUNK_PAGES} pages a step, by several connections at once
 *       ({@link #DEFAULT_WORKERS} unless told; each takes the next step not taken); the sessions of a step closed before their
 *       tenant's cut-off (now − its archive-after) move, at most {@link #BATCH} a transaction (one statement: DELETE …
 *       RETURNING into INSERT). A crash loses and duplicates nothing: a batch moved or did not.
 *   <li><b>Retention</b> (when set): each month that ended before now − retention is detached (its rows subtracted
 *       from the counters in the same transaction: DETACH fires no row trigger), written out as gzip CSV with a
 *       manifest (rows, SHA-256) into the directory, its sessions' events deleted, then dropped. The step each month
 *       reached is kept in {@code sessions_history_retired}: a run cut short is finished by the next one.
 * </ol>
 *
 * <p>Each step is a short transaction with a lock time-out; one that cannot get its lock is left to the next run.
 * Runs under an advisory lock (the app's job or {@code session-app archive}), on the background pool.
 */
public final class SessionArchive {
    private static final Logger LOG = LoggerFactory.getLogger(SessionArchive.class);
    static final String PREFIX = "sessions_history_p";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");
    /** The bound: never one statement over 10,000 rows. */
    public static final int BATCH = 10_000;

    static final int MONTHS_AHEAD = 2;
    /** Months made behind the current one at most: a stop older than that (a NAS clock at 1970) stays in default. */
    static final int MONTHS_BEHIND = 360;

    /**
     * The least archive-after of any tenant: archival never takes a session closed within a week, so that the
     * accounting, roll-up and scan paths, and a NAS's sessions over a recent range ({@link PostgresUsageHistory}), read
     * only the hot table for the sessions closed in that week.
     */
    public static final Duration LEAST_AFTER = Duration.ofDays(7);

    /**
     * What a run keeps and for how long.
     *
     * @param archiveAfter sessions closed longer ago than this leave the hot table; at least {@link #LEAST_AFTER}
     * @param tenantOverrides a tenant's own archive-after, by tenant id; each at least {@link #LEAST_AFTER}
     * @param retention months that ended longer ago than this are exported and dropped; null: kept for ever
     * @param directory where exported months go (required with a retention)
     */
    public record Policy(
            Duration archiveAfter, Map<String, Duration> tenantOverrides, Duration retention, Path directory) {
        public Policy {
            Objects.requireNonNull(archiveAfter, "archiveAfter");
            tenantOverrides = Map.copyOf(tenantOverrides);
            if (archiveAfter.compareTo(LEAST_AFTER) < 0
                    || tenantOverrides.values().stream().anyMatch(after -> after.compareTo(LEAST_AFTER) < 0)) {
                throw new IllegalArgumentException("an archive-after shorter than " + LEAST_AFTER);
            }
            if (retention != null) {
                Objects.requireNonNull(directory, "directory");
            }
        }

        Duration archiveAfter(String tenant) {
            return tenantOverrides.getOrDefault(tenant, archiveAfter);
        }
    }

    /** A month that retention exported and dropped: its rows, file and the file's SHA-256. */
    public record Retired(String partition, YearMonth month, long rows, Path file, String sha256) {}

    /**
     * What a run did.
     *
     * @param defaultRows sessions in {@code sessions_history_default} after the run (their month had no partition)
     */
    public record Result(int partitionsCreated, long archived, long defaultRows, List<Retired> retired) {}

    /**
     * Connections that move sessions at once, each on chunks of its own. A move is CPU in PostgreSQL (two thirds of it
     * inserting into the history's indexes, measured with perf at 30M sessions), so one connection used one core:
     * ~450,000 sessions in 25.1–29.3 s with one, 14.6–17.8 s with two on this 2-core machine (docs/benchmarks.md).
     */
    public static final int DEFAULT_WORKERS = 2;

    private final DataSource dataSource;
    private final int workers;
    private final int batch;
    private final int chunkPages;

    /** With {@link #DEFAULT_WORKERS}. */
    public SessionArchive(DataSource dataSource) {
        this(dataSource, DEFAULT_WORKERS);
    }

    /** @param workers connections that move sessions at once (at least 1); the run's own is one of them */
    public SessionArchive(DataSource dataSource, int workers) {
        this(dataSource, workers, BATCH, CHUNK_PAGES);
    }

    SessionArchive(DataSource dataSource, int workers, int batch, int chunkPages) {
        if (workers < 1 || batch < 1 || chunkPages < 1) {
            throw new IllegalArgumentException("workers, batch and chunk pages must be at least 1");
        }
        this.dataSource = dataSource;
        this.workers = workers;
        this.batch = batch;
        this.chunkPages = chunkPages;
    }

    public Result run(Instant now, Policy policy) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int created = makePartitions(connection, now);
                Archived archived = archive(connection, now, policy);
                List<Retired> retired = policy.retention() == null
                        ? List.of()
                        : retire(connection, now.minus(policy.retention()), policy);
                long defaultRows = defaultRows(connection);
                if (defaultRows > 0) {
                    LOG.warn(
                            "session archive: {} sessions are in sessions_history_default (their stop month had no"
                                    + " partition); they move into the month's partition when it is made",
                            defaultRows);
                }
                return new Result(created + archived.partitionsMade(), archived.moved(), defaultRows, retired);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreFailures.translate(new DataAccessException("session archive: " + e.getMessage(), e));
        }
    }

    // ---- partitions

    /**
     * This month's partition and the next {@link #MONTHS_AHEAD}, and those of the months that have rows in the default
     * partition (not older than {@link #MONTHS_BEHIND}). The months of the sessions archival moves are made as it
     * reaches them ({@link #makeMonthsOf}).
     */
    private static int makePartitions(Connection connection, Instant now) throws SQLException {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<YearMonth> wanted = new ArrayList<>();
        for (YearMonth month = current; !month.isAfter(current.plusMonths(MONTHS_AHEAD)); month = month.plusMonths(1)) {
            wanted.add(month);
        }
        try (Statement st = connection.createStatement();
                ResultSet rows =
                        st.executeQuery("SELECT DISTINCT date_trunc('month', stop_time AT TIME ZONE 'UTC')::date"
                                + " FROM sessions_history_default")) {
            while (rows.next()) {
                wanted.add(YearMonth.from(rows.getDate(1).toLocalDate()));
            }
        }
        connection.commit();
        return makeMissing(connection, wanted, current);
    }

    private static int makeMissing(Connection connection, List<YearMonth> wanted, YearMonth current)
            throws SQLException {
        List<YearMonth> existing = partitions(connection);
        int created = 0;
        for (YearMonth month : wanted) {
            if (!existing.contains(month)
                    && !month.isBefore(current.minusMonths(MONTHS_BEHIND))
                    && createPartition(connection, month)) {
                existing.add(month);
                created++;
            }
        }
        return created;
    }

    private static final RangePartitions MONTHS =
            new RangePartitions("sessions_history", "sessions_history_default", "stop_time");

    /** The months that have a partition. */
    static List<YearMonth> partitions(Connection connection) throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        for (String name : MONTHS.names(connection)) {
            if (name.startsWith(PREFIX) && name.length() == PREFIX.length() + 6) {
                months.add(YearMonth.parse(name.substring(PREFIX.length()), MONTH));
            }
        }
        months.sort(null);
        return months;
    }

    private static boolean createPartition(Connection connection, YearMonth month) throws SQLException {
        return MONTHS.create(connection, name(month), start(month), start(month.plusMonths(1)), "session archive");
    }

    // ---- archival

    /** Pages of the hot table one step of archival looks at: 8 MB, some 20,000–40,000 sessions. */
    static final int CHUNK_PAGES = 1_000;

    /**
     * The sessions of one step past their tenant's cut-off: a range of pages of {@code sessions} (a TID range scan)
     * joined to the tenants' own cut-offs. No index on stop_time: one would cost every Stop an entry (V3 dropped two
     * for that), and archival reads the hot table once a round instead, 8 MB a step.
     */
    static final String DUE = """
            FROM sessions s LEFT JOIN unnest(?::text[], ?::timestamptz[]) AS o(tenant_id, cutoff)
              ON o.tenant_id = s.tenant_id
            WHERE s.ctid >= ?::tid AND s.ctid < ?::tid
              AND s.stop_time IS NOT NULL AND s.stop_time < coalesce(o.cutoff, ?)""";

    /** What archival did: sessions moved, and the partitions it made for their months. */
    private record Archived(long moved, int partitionsMade) {}

    private Archived archive(Connection connection, Instant now, Policy policy) throws SQLException {
        long pages;
        try (Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(
                        "SELECT pg_relation_size('sessions') / current_setting('block_size')::bigint")) {
            rows.next();
            pages = rows.getLong(1);
        }
        connection.commit();
        Round round = new Round(pages, Cutoffs.of(now, policy), YearMonth.from(now.atZone(ZoneOffset.UTC)));
        round.enlist(connection); // before the helpers' first look at the others' load
        List<Thread> helpers = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            Thread helper = new Thread(round::workOnAConnectionOfItsOwn, "session-archive-" + i);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        try {
            round.work(connection, false);
        } catch (SQLException | RuntimeException e) {
            round.failed(e);
        }
        round.awaitAll(helpers);
        return round.result();
    }

    /** How long a helper waits before it looks again whether the rest of the database is quiet. */
    static final long PAUSE_MILLIS = 250;

    /**
     * One round of archival over the hot table, shared by its workers: each takes the next chunk of pages not taken,
     * so that they go through the table together, front to back. A chunk's months are made under one lock (two
     * workers would otherwise make the same month). The first failure stops the others after their current batch.
     *
     * <p>The round's own connection always works; the helpers take a step only while the rest of the database is quiet
     * ({@link OtherSessionsLoad}, ADR 52): accounting at full speed keeps its share of the machine, and a quiet hour
     * gets the round done on every connection.
     */
    private final class Round {
        private final long pages;
        private final Cutoffs cutoffs;
        private final YearMonth current;
        private final AtomicLong nextPage = new AtomicLong();
        private final AtomicLong moved = new AtomicLong();
        private final AtomicInteger partitionsMade = new AtomicInteger();
        private final Object partitionLock = new Object();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        /** The backends of the round's workers: the others' load is counted without them. */
        private final Set<Integer> pids = ConcurrentHashMap.newKeySet();

        private final AtomicLong helpersWaited = new AtomicLong();

        Round(long pages, Cutoffs cutoffs, YearMonth current) {
            this.pages = pages;
            this.cutoffs = cutoffs;
            this.current = current;
        }

        void enlist(Connection connection) throws SQLException {
            pids.add(connection.unwrap(PGConnection.class).getBackendPID());
        }

        void work(Connection connection, boolean helper) throws SQLException {
            enlist(connection);
            OtherSessionsLoad others = helper ? new OtherSessionsLoad() : null;
            while (failure.get() == null) {
                if (helper && !awaitQuiet(connection, others)) {
                    return;
                }
                long first = nextPage.getAndAdd(chunkPages);
                if (first >= pages) {
                    return;
                }
                String from = "(" + first + ",0)";
                String to = "(" + (first + chunkPages) + ",0)";
                List<YearMonth> months = monthsOf(connection, cutoffs, from, to);
                if (!months.isEmpty()) {
                    synchronized (partitionLock) {
                        partitionsMade.addAndGet(makeMissing(connection, months, current));
                    }
                }
                int done;
                do {
                    done = move(connection, cutoffs, from, to);
                    moved.addAndGet(done);
                } while (done >= batch && failure.get() == null);
            }
        }

        /**
         * Waits while the rest of the database is busy; false when the round ended meanwhile (every step taken, a
         * failure) or the helper was interrupted.
         */
        private boolean awaitQuiet(Connection connection, OtherSessionsLoad others) throws SQLException {
            long since = System.nanoTime();
            try {
                while (others.busy(connection, pids)) {
                    if (nextPage.get() >= pages || failure.get() != null) {
                        return false;
                    }
                    try {
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            } finally {
                helpersWaited.addAndGet(System.nanoTime() - since);
            }
        }

        void workOnAConnectionOfItsOwn() {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException e) {
                LOG.warn(
                        "session archive: a worker had no connection ({}); the others carry the round", e.getMessage());
                return;
            }
            try (connection) {
                connection.setAutoCommit(false);
                try {
                    work(connection, true);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            } catch (SQLException | RuntimeException e) {
                failed(e);
            }
        }

        void failed(Exception e) {
            if (!failure.compareAndSet(null, e) && failure.get() != e) {
                failure.get().addSuppressed(e);
            }
        }

        /** Waits for every helper to end (each ends after its batch once a failure is known). */
        void awaitAll(List<Thread> helpers) {
            boolean interrupted = false;
            for (Thread helper : helpers) {
                while (helper.isAlive()) {
                    try {
                        helper.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        failed(new SQLException("session archive: interrupted"));
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        Archived result() throws SQLException {
            Exception e = failure.get();
            if (e instanceof SQLException sql) {
                throw sql;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (workers > 1) {
                LOG.info(
                        "session archive: {} sessions moved; the helper connections waited {} s in all for the rest"
                                + " of the database to be quiet",
                        moved.get(),
                        String.format(Locale.ROOT, "%.1f", helpersWaited.get() / 1e9));
            }
            return new Archived(moved.get(), partitionsMade.get());
        }
    }

    /** The tenants with their own cut-off, and everyone else's. */
    private record Cutoffs(String[] tenants, java.sql.Timestamp[] cutoffs, java.sql.Timestamp otherwise) {
        static Cutoffs of(Instant now, Policy policy) {
            List<String> tenants = new ArrayList<>(policy.tenantOverrides().keySet());
            tenants.sort(null);
            java.sql.Timestamp[] cutoffs = new java.sql.Timestamp[tenants.size()];
            for (int i = 0; i < cutoffs.length; i++) {
                cutoffs[i] = java.sql.Timestamp.from(now.minus(policy.archiveAfter(tenants.get(i))));
            }
            return new Cutoffs(
                    tenants.toArray(String[]::new), cutoffs, java.sql.Timestamp.from(now.minus(policy.archiveAfter())));
        }

        int bind(PreparedStatement st, Connection connection, int index, String from, String to) throws SQLException {
            st.setArray(index, connection.createArrayOf("text", tenants));
            st.setArray(index + 1, connection.createArrayOf("timestamptz", cutoffs));
            st.setString(index + 2, from);
            st.setString(index + 3, to);
            st.setTimestamp(index + 4, otherwise);
            return index + 5;
        }
    }

    /** The months the step's sessions stopped in: their partitions are made before they move. */
    private static List<YearMonth> monthsOf(Connection connection, Cutoffs cutoffs, String from, String to)
            throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT DISTINCT date_trunc('month', s.stop_time AT TIME ZONE 'UTC')::date " + DUE)) {
            cutoffs.bind(st, connection, 1, from, to);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    months.add(YearMonth.from(rows.getDate(1).toLocalDate()));
                }
            }
        }
        connection.commit();
        return months;
    }

    /**
     * Moves at most {@link #batch} of the step's sessions, in one statement and one transaction. {@code
     * sessionkeeper.archiving} tells the events trigger of {@code sessions} that these rows move (V30).
     *
     * <p>The rows are found by their place (ctid) and deleted by it, without locking them first: a row that an
     * accounting transaction changes meanwhile has a new version at another place, which the DELETE's re-check does
     * not match, so it stays for the next round rather than moving as it was. (Locking them first with SELECT … FOR
     * UPDATE wrote every row's header twice more.)
     */
    private int move(Connection connection, Cutoffs cutoffs, String from, String to) throws SQLException {
        try (Statement settings = connection.createStatement();
                PreparedStatement st = connection.prepareStatement("WITH moved AS (DELETE FROM sessions d WHERE"
                        + " d.ctid = ANY (ARRAY(SELECT s.ctid " + DUE + " LIMIT ?)) RETURNING d.*)"
                        + " INSERT INTO sessions_history SELECT * FROM moved")) {
            settings.execute("SET LOCAL lock_timeout = '2s'");
            settings.execute("SET LOCAL sessionkeeper.archiving = 'on'");
            int next = cutoffs.bind(st, connection, 1, from, to);
            st.setInt(next, batch);
            int moved = st.executeUpdate();
            connection.commit();
            return moved;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private static long defaultRows(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery("SELECT count(*) FROM sessions_history_default")) {
            rows.next();
            return rows.getLong(1);
        } finally {
            connection.commit();
        }
    }

    // ---- retention

    private List<Retired> retire(Connection connection, Instant cutoff, Policy policy) throws SQLException {
        YearMonth last = YearMonth.from(cutoff.atZone(ZoneOffset.UTC)).minusMonths(1); // the last month wholly before
        for (YearMonth month : partitions(connection)) {
            if (!month.isAfter(last) && !detach(connection, month)) {
                break; // its lock was not had: the months after it wait for the next run too
            }
        }
        List<Retired> done = new ArrayList<>();
        for (Pending pending : pending(connection)) {
            try {
                done.add(finish(connection, pending, policy.directory()));
            } catch (IOException | SQLException e) {
                connection.rollback();
                LOG.error(
                        "session archive: {} is detached but not yet written out and dropped ({}); next try at the"
                                + " next run",
                        pending.partition(),
                        e.getMessage());
            }
        }
        return done;
    }

    /**
     * Takes the month out of {@code sessions_history}: its rows subtracted from the counters, the step recorded, the
     * partition detached, in one transaction. SHARE on the partition first, so that no row is added between the count
     * and the detach.
     */
    private static boolean detach(Connection connection, YearMonth month) throws SQLException {
        String name = name(month);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '5s'");
            st.execute("LOCK TABLE " + name + " IN SHARE MODE");
            st.execute("""
                    INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
                    SELECT tenant_id, nas_id, connection_type, session_counter_slot(), -count(*), 0
                    FROM %s GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
                    ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
                      SET all_sessions = c.all_sessions + EXCLUDED.all_sessions""".formatted(name));
            st.execute("""
                    INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
                    SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), session_counter_slot(),
                      -count(*)
                    FROM %s GROUP BY 1, 2 ORDER BY 1, 2
                    ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started""".formatted(name));
            st.execute("INSERT INTO sessions_history_retired (partition_name, month, rows_detached, state, detached_at)"
                    + " SELECT '" + name + "', DATE '" + month.atDay(1) + "', count(*), 'detached', now() FROM "
                    + name);
            st.execute("ALTER TABLE sessions_history DETACH PARTITION " + name);
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            LOG.warn("session archive: {} not detached ({}); next try at the next run", name, e.getMessage());
            return false;
        }
    }

    private record Pending(String partition, YearMonth month, long rows, String state, Instant detachedAt) {}

    private static List<Pending> pending(Connection connection) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery("SELECT partition_name, month, rows_detached, state, detached_at FROM"
                        + " sessions_history_retired WHERE state <> 'dropped' ORDER BY month, partition_name")) {
            while (rows.next()) {
                pending.add(new Pending(
                        rows.getString(1),
                        YearMonth.from(rows.getDate(2).toLocalDate()),
                        rows.getLong(3),
                        rows.getString(4),
                        rows.getTimestamp(5).toInstant()));
            }
        }
        connection.commit();
        return pending;
    }

    /** Writes the detached month out (unless done before), deletes its sessions' events, drops it. */
    private Retired finish(Connection connection, Pending pending, Path directory) throws IOException, SQLException {
        String base = "sessions-" + pending.month() + "-" + pending.detachedAt().getEpochSecond();
        Path file = directory.resolve(base + ".csv.gz");
        Path manifest = directory.resolve(base + ".manifest.json");
        String sha256;
        if (pending.state().equals("detached")) {
            PrivateFiles.makePrivateDirectory(directory);
            Export export = export(connection, pending.partition(), file);
            if (export.rows() != pending.rows()) {
                throw new IOException("wrote " + export.rows() + " rows of " + pending.partition() + ", "
                        + pending.rows() + " were detached; the month is kept");
            }
            sha256 = export.sha256();
            PrivateFiles.writePrivately(manifest, manifest(pending, file, sha256));
            try (PreparedStatement st = connection.prepareStatement("UPDATE sessions_history_retired SET state ="
                    + " 'exported', file = ?, sha256 = ? WHERE partition_name = ?")) {
                st.setString(1, file.toString());
                st.setString(2, sha256);
                st.setString(3, pending.partition());
                st.executeUpdate();
            }
            connection.commit();
        } else {
            sha256 = sha256Of(file);
            String recorded = recordedSha256(connection, pending.partition());
            if (!sha256.equals(recorded)) {
                throw new IOException(
                        file + " does not match the SHA-256 recorded when it was written; the month" + " is kept");
            }
        }
        deleteEvents(connection, pending.partition());
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '5s'");
            st.execute("DROP TABLE IF EXISTS " + pending.partition());
            st.execute("UPDATE sessions_history_retired SET state = 'dropped', finished_at = now() WHERE"
                    + " partition_name = '" + pending.partition() + "'");
            connection.commit();
        }
        LOG.info(
                "session archive: {} ({} sessions) written to {} (SHA-256 {}) and dropped",
                pending.partition(),
                pending.rows(),
                file,
                sha256);
        return new Retired(pending.partition(), pending.month(), pending.rows(), file, sha256);
    }

    private record Export(long rows, String sha256) {}

    /**
     * COPY of the detached table as CSV with a header, gzip, into a 0600 file written through a temporary one and
     * forced to disk before it is moved into place; the SHA-256 is of the file's bytes.
     */
    private static Export export(Connection connection, String partition, Path file) throws IOException, SQLException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        PrivateFiles.createPrivateFile(temporary);
        MessageDigest digest = sha256();
        long rows;
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL TimeZone = 'UTC'"); // instants written the same whatever the server's zone
            st.execute("SET LOCAL DateStyle = 'ISO, YMD'");
        }
        try (OutputStream raw = Files.newOutputStream(temporary, StandardOpenOption.WRITE);
                DigestOutputStream digested = new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), digest);
                GZIPOutputStream gzip = new GZIPOutputStream(digested, 1 << 16)) {
            rows = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "COPY (SELECT * FROM " + partition + " ORDER BY stop_time, tenant_id, id) TO STDOUT WITH"
                                    + " (FORMAT csv, HEADER)",
                            gzip);
        }
        connection.commit();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Export(rows, HexFormat.of().formatHex(digest.digest()));
    }

    private static String manifest(Pending pending, Path file, String sha256) {
        return """
                {
                  "table": "sessions",
                  "partition": "%s",
                  "month": "%s",
                  "stopFrom": "%s",
                  "stopTo": "%s",
                  "rows": %d,
                  "file": "%s",
                  "sha256": "%s",
                  "format": "PostgreSQL COPY CSV with a header line, gzip; columns as in sessions_history",
                  "detachedAt": "%s"
                }
                """.formatted(
                        pending.partition(),
                        pending.month(),
                        start(pending.month()),
                        start(pending.month().plusMonths(1)),
                        pending.rows(),
                        file.getFileName(),
                        sha256,
                        pending.detachedAt());
    }

    private static String recordedSha256(Connection connection, String partition) throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("SELECT sha256 FROM sessions_history_retired WHERE partition_name = ?")) {
            st.setString(1, partition);
            try (ResultSet rows = st.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            } finally {
                connection.commit();
            }
        }
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Events live as long as their session (V14): those of the month's sessions, {@link #batch} sessions a time. */
    private void deleteEvents(Connection connection, String partition) throws SQLException {
        String lastTenant = "";
        java.util.UUID lastId = new java.util.UUID(0, 0); // with the empty tenant: before every key
        boolean more = true;
        while (more) {
            try (PreparedStatement st = connection.prepareStatement("""
                    WITH page AS MATERIALIZED (
                      SELECT tenant_id, id FROM %s WHERE (tenant_id, id) > (?, ?) ORDER BY tenant_id, id LIMIT ?),
                    gone AS (
                      DELETE FROM session_events e USING page p WHERE e.tenant_id = p.tenant_id AND e.session_id = p.id)
                    SELECT tenant_id, id FROM page ORDER BY tenant_id DESC, id DESC LIMIT 1""".formatted(partition))) {
                st.setString(1, lastTenant);
                st.setObject(2, lastId);
                st.setInt(3, batch);
                try (ResultSet rows = st.executeQuery()) {
                    more = rows.next();
                    if (more) {
                        lastTenant = rows.getString(1);
                        lastId = rows.getObject(2, java.util.UUID.class);
                    }
                }
            }
            connection.commit();
        }
    }

    static String name(YearMonth month) {
        return PREFIX + MONTH.format(month);
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}

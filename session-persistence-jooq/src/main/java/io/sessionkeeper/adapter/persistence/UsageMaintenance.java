package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitions and retention of the usage history: the daily partitions of {@code session_samples} from yesterday to
 * a week ahead (a sample of a day without one lands in {@code session_samples_default}: counted and logged, and
 * moved into the day's partition when it is made), partitions older than the raw retention dropped, and the roll-ups
 * past theirs deleted in bounded batches. Each step is a short transaction of its own with a lock time-out: DDL on
 * a partition briefly locks {@code session_samples} against the accounting writers, and a step that cannot get its
 * lock within it is left to the next run. Runs under an advisory lock, on the background pool.
 */
public final class UsageMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(UsageMaintenance.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PREFIX = "session_samples_p";
    private static final int DAYS_AHEAD = 7;
    private static final int DELETE_BATCH = 10_000;

    /** Roll-up retention (issue 13): NAS and tenant quarters and customer days 13 months, customer hours 90 days. */
    public static final int ROLLUP_MONTHS = 13;

    public static final Duration CUSTOMER_HOURS_RETENTION = Duration.ofDays(90);

    /**
     * What a run did; {@code defaultRows}: samples in the default partition (days that had no partition); {@code
     * rollupRowsDeleted}: rows past their retention (roll-ups, default-partition samples, set-aside sample batches).
     */
    public record Result(int partitionsCreated, int partitionsDropped, long defaultRows, long rollupRowsDeleted) {}

    private final DSLContext dsl;

    public UsageMaintenance(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    public Result run(Instant now, Duration rawRetention) {
        try {
            return dsl.connectionResult(connection -> {
                connection.setAutoCommit(false);
                try {
                    return runOn(connection, now, rawRetention);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    private Result runOn(Connection connection, Instant now, Duration rawRetention) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<LocalDate> existing = partitions(connection);
        int created = 0;
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
            if (!existing.contains(day) && createPartition(connection, day)) {
                created++;
            }
        }
        Instant cutoff = now.minus(rawRetention);
        int dropped = 0;
        for (LocalDate day : existing) {
            if (!start(day.plusDays(1)).isAfter(cutoff) && dropPartition(connection, day)) {
                dropped++;
            }
        }
        long deletedDefault = deleteBatches(
                connection,
                "DELETE FROM session_samples_default WHERE ctid IN (SELECT ctid FROM"
                        + " session_samples_default WHERE sampled_at < ? LIMIT " + DELETE_BATCH + ")",
                cutoff);
        long defaultRows;
        try (Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery("SELECT count(*) FROM session_samples_default")) {
            rows.next();
            defaultRows = rows.getLong(1);
        }
        connection.commit();
        if (defaultRows > 0) {
            LOG.warn(
                    "usage history: {} samples are in session_samples_default (their days had no partition); they"
                            + " move into a day's partition when it is made",
                    defaultRows);
        }
        Instant months = ZonedDateTime.ofInstant(now, ZoneOffset.UTC)
                .minusMonths(ROLLUP_MONTHS)
                .toInstant();
        long rollups = 0;
        rollups += deleteBatches(connection, retention("usage_nas_quarters", "bucket"), months);
        rollups += deleteBatches(connection, retention("usage_tenant_quarters", "bucket"), months);
        rollups += deleteBatches(connection, retention("usage_customer_days", "day"), months);
        rollups += deleteBatches(
                connection, retention("usage_customer_hours", "hour"), now.minus(CUSTOMER_HOURS_RETENTION));
        // A session's hours go with the session (archived, or deleted by an operator); those within the raw retention
        // are left to the roll-up, which may still write them.
        rollups += deleteBatches(connection, """
                DELETE FROM usage_session_hours WHERE ctid IN (
                  SELECT h.ctid FROM usage_session_hours h WHERE h.hour < ? AND NOT EXISTS (
                    SELECT 1 FROM sessions s WHERE s.tenant_id = h.tenant_id AND s.id = h.session_id)
                  LIMIT """ + " " + DELETE_BATCH + ")", cutoff);
        // batches of samples the fold set aside (ADR 67) hold what raw samples hold: kept as long
        long rejected = deleteBatches(
                connection,
                "DELETE FROM usage_sample_batches WHERE ctid IN (SELECT ctid FROM usage_sample_batches"
                        + " WHERE rejected_at < ? LIMIT " + DELETE_BATCH + ")",
                cutoff);
        return new Result(created, dropped, defaultRows, rollups + deletedDefault + rejected);
    }

    private static String retention(String table, String column) {
        return "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column + " < ? LIMIT "
                + DELETE_BATCH + ")";
    }

    private static long deleteBatches(Connection connection, String sql, Instant before) throws SQLException {
        long total = 0;
        int deleted;
        do {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setObject(1, UsageSampleRows.timestamptz(before));
                deleted = st.executeUpdate();
            }
            connection.commit();
            total += deleted;
        } while (deleted >= DELETE_BATCH);
        return total;
    }

    private static final RangePartitions DAYS =
            new RangePartitions("session_samples", "session_samples_default", "sampled_at");

    /** The days that have a partition. */
    static List<LocalDate> partitions(Connection connection) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        for (String name : DAYS.names(connection)) {
            if (name.startsWith(PREFIX) && name.length() == PREFIX.length() + 8) {
                days.add(LocalDate.parse(name.substring(PREFIX.length()), DAY));
            }
        }
        days.sort(null);
        return days;
    }

    private static boolean createPartition(Connection connection, LocalDate day) throws SQLException {
        return DAYS.create(connection, PREFIX + DAY.format(day), start(day), start(day.plusDays(1)), "usage history");
    }

    private static boolean dropPartition(Connection connection, LocalDate day) throws SQLException {
        String name = PREFIX + DAY.format(day);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '2s'");
            st.execute("DROP TABLE " + name);
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            LOG.warn("usage history: partition {} not dropped ({}); next try at the next run", name, e.getMessage());
            return false;
        }
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}

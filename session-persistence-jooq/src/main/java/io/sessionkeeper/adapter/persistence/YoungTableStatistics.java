package io.sessionkeeper.adapter.persistence;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the planner's statistics of {@code sessions} close to the truth while the table is young: after every
 * doubling of the rows written since the last analysis (the first after {@value #FIRST} rows), {@code ANALYZE
 * sessions} runs on a background thread, until the table holds {@value #GROWN_UP} rows; from there autovacuum's
 * threshold (10 % of the rows changed) keeps up on its own.
 *
 * <p>Why: autovacuum looks at a database at most once a minute. A new installation that takes a burst of Starts
 * (a BNG rebooting) fills the table faster than that, and without column statistics PostgreSQL estimates {@code
 * stop_time IS NULL} at 0.5 % of the rows when nearly all are open; the device look-up then scanned a partial index
 * of all open sessions per device, slower with every batch (150 → 371 ms per batch of 100 Starts in {@code
 * AccountingBatchBenchmark}). An analysis of a small table costs milliseconds and takes no lock that writers wait
 * for. Its rows are the writer's count of rows inserted, committed or not: an approximation is enough to pace it.
 */
final class YoungTableStatistics {
    static final long FIRST = 1_000;
    static final long GROWN_UP = 1_000_000;
    /**
     * The sample of these analyses: 300 × 10 rows instead of PostgreSQL's 300 × 100. What the accounting plans need
     * from a young table (the share of open sessions, roughly how many of each NAS and user) needs no more, and the
     * analysis comes in the middle of a burst of Starts: at the default it took 266–508 ms of a core at 120,000
     * sessions (issue 12's 10,000/s run, docs/benchmarks.md). Autovacuum's own analyses, with the full sample, still
     * come at every 10 % of change.
     */
    static final int STATISTICS_TARGET = 10;

    private static final Logger LOG = LoggerFactory.getLogger(YoungTableStatistics.class);

    private final DSLContext dsl;
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong analyses = new AtomicLong();
    private volatile long threshold = FIRST;
    private volatile ExecutorService executor;

    YoungTableStatistics(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Counts rows inserted (not updated: a table whose sessions take ten interims each did not grow tenfold; counted
     * as writes, 20,000 sessions x 12 packets analysed the table 15 times, 0.7 s of PostgreSQL CPU each, issue 12);
     * starts an analysis in the background when the table may have doubled since the last.
     */
    void written(int rows) {
        if (threshold == Long.MAX_VALUE) {
            return;
        }
        if (written.addAndGet(rows) >= threshold && running.compareAndSet(false, true)) {
            executor().execute(this::analyse);
        }
    }

    /** How many analyses this instance ran (for tests and operators' curiosity). */
    long analyses() {
        return analyses.get();
    }

    private void analyse() {
        try {
            long rows = estimatedRows();
            if (rows < GROWN_UP) {
                dsl.transaction(tx -> {
                    tx.dsl().execute("SET LOCAL default_statistics_target = " + STATISTICS_TARGET);
                    tx.dsl().execute("ANALYZE sessions");
                });
                analyses.incrementAndGet();
                rows = estimatedRows();
            }
            written.set(0);
            threshold = rows >= GROWN_UP ? Long.MAX_VALUE : Math.max(FIRST, rows);
        } catch (RuntimeException e) {
            // the database is away or closing: the next batch tries again; autovacuum remains
            written.set(0);
            LOG.debug("ANALYZE sessions failed", e);
        } finally {
            running.set(false);
        }
    }

    private long estimatedRows() {
        Number tuples = (Number) dsl.fetchValue("SELECT reltuples FROM pg_class WHERE oid = 'sessions'::regclass");
        return tuples == null ? 0 : Math.max(0, tuples.longValue());
    }

    private ExecutorService executor() {
        ExecutorService current = executor;
        if (current == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newSingleThreadExecutor(task -> {
                        Thread thread = new Thread(task, "sessions-analyze");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                current = executor;
            }
        }
        return current;
    }
}

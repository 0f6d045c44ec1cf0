package io.sessionkeeper.adapter.persistence;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fold job (ADR 67): takes the accounting units' queued samples ({@link SampleBatchAppend}) off {@code
 * usage_sample_batches} and stores them in {@code session_samples} with {@link SessionSamplesAppend}'s statements, in
 * one transaction a step: a sample stored twice (a retransmission) is kept once, a late one queues its hour for the
 * roll-ups, exactly as when the accounting unit wrote the rows itself. Until folded, a sample is durable but not
 * readable: the app folds every {@code SESSION_USAGE_FOLD_INTERVAL} (1 s) and before each round of the roll-ups.
 *
 * <p>Rows are taken with {@code FOR UPDATE SKIP LOCKED}: instances fold side by side, each its own rows, and a sample
 * two instances stored at once fails one step on the key, retried without the units' hints like an accounting unit.
 *
 * <p>A step that fails for another reason is taken again a batch at a time; a batch that fails alone on its data
 * (a record that does not decode, a value PostgreSQL refuses) is set aside ({@code rejected_at}), logged and counted,
 * and the others go on: one bad batch never stops the samples of every other unit. Any other failure (a lock
 * time-out while the maintenance adds a partition, the database away) leaves the rows for the next round.
 */
public final class UsageSampleFold {
    private static final Logger LOG = LoggerFactory.getLogger(UsageSampleFold.class);
    /** Units taken in one step: about 330 samples each under load, so up to ~66,000 samples a transaction. */
    static final int BATCHES_PER_STEP = 200;
    /**
     * Samples a statement of those whose keys are looked up (a retransmission, a retry; the samples marked newer are
     * one {@code COPY} a step, ADR 70). 500 rather than 5,000, measured when every sample went through it: the
     * statement took 5.8–6.2 s for a benchmark run's 1.02 M samples against 6.6–7.2 s, PostgreSQL 22.8–23.3 µs a
     * packet against 23.6–23.9 (docs/benchmarks.md, ADR 67's section).
     */
    static final int SAMPLES_PER_STATEMENT = 500;

    private static final String TAKE = """
            DELETE FROM usage_sample_batches WHERE ctid = ANY (ARRAY(
              SELECT ctid FROM usage_sample_batches WHERE rejected_at IS NULL %s LIMIT ? FOR UPDATE SKIP LOCKED))
            RETURNING seq, tenant_id, samples""";

    /** What a run did: batches folded, samples stored (a retransmission counted once), batches set aside. */
    public record Result(int batches, int samples, int rejected) {
        Result plus(Result other) {
            return new Result(batches + other.batches, samples + other.samples, rejected + other.rejected);
        }
    }

    private final DSLContext dsl;

    public UsageSampleFold(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    /** Folds the queued batches, a step at a time, until none is left that another instance is not folding. */
    public Result run(int maxBatches) {
        Result done = new Result(0, 0, 0);
        while (done.batches() + done.rejected() < maxBatches) {
            int limit = Math.min(BATCHES_PER_STEP, maxBatches - done.batches() - done.rejected());
            Result step;
            try {
                step = step(limit, null);
            } catch (DataAccessException | IllegalArgumentException e) {
                LOG.warn("usage samples: a fold step failed; folding its batches one at a time", e);
                step = oneByOne(limit);
            }
            done = done.plus(step);
            if (step.batches() + step.rejected() < limit) {
                break;
            }
        }
        return done;
    }

    /** The queue: batches waiting for a fold (a fold that falls behind, or a stopped one) and batches set aside. */
    public record Backlog(long queued, long rejected) {}

    /** The queue as it stands, counted in one scan of the table. */
    public Backlog backlog() {
        try {
            return dsl.connectionResult(connection -> {
                try (PreparedStatement st = connection.prepareStatement(
                                "SELECT count(*) FILTER (WHERE rejected_at IS NULL),"
                                        + " count(*) FILTER (WHERE rejected_at IS NOT NULL) FROM usage_sample_batches");
                        ResultSet rows = st.executeQuery()) {
                    rows.next();
                    return new Backlog(rows.getLong(1), rows.getLong(2));
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    /** One step: up to {@code limit} batches (only {@code seq} when given) taken, decoded and stored. */
    private Result step(int limit, Long seq) {
        boolean[] firstAttempt = {true};
        return TransientFailures.transaction(dsl, configuration -> {
            boolean trustNewer = firstAttempt[0];
            firstAttempt[0] = false;
            DSLContext tx = configuration.dsl();
            List<Taken> taken = take(tx, limit, seq);
            taken.sort(Comparator.comparingLong(Taken::seq));
            int stored = store(tx, taken, trustNewer);
            return new Result(taken.size(), stored, 0);
        });
    }

    private Result oneByOne(int limit) {
        List<Long> seqs = dsl.connectionResult(connection -> {
            List<Long> found = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(
                    "SELECT seq FROM usage_sample_batches WHERE rejected_at IS NULL ORDER BY seq LIMIT ?")) {
                st.setInt(1, limit);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getLong(1));
                    }
                }
            }
            return found;
        });
        Result done = new Result(0, 0, 0);
        for (long seq : seqs) {
            try {
                done = done.plus(step(1, seq));
            } catch (DataAccessException | IllegalArgumentException e) {
                if (!isBadData(e)) {
                    // not the batch's data: the next batches would fail alike; all wait for the next fold
                    LOG.warn("usage samples: batch {} could not be folded; the queue waits for the next fold", seq, e);
                    break;
                }
                LOG.error("usage samples: batch {} set aside (rejected_at): its data cannot be stored", seq, e);
                reject(seq);
                done = done.plus(new Result(0, 0, 1));
            }
        }
        return done;
    }

    /** A data error of PostgreSQL's (class 22, 23) or a batch that does not decode: the same again will fail again. */
    private static boolean isBadData(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            return true;
        }
        SQLException sql = ((DataAccessException) e).getCause(SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private void reject(long seq) {
        dsl.connection(connection -> {
            try (PreparedStatement st =
                    connection.prepareStatement("UPDATE usage_sample_batches SET rejected_at = now() WHERE seq = ?")) {
                st.setLong(1, seq);
                st.executeUpdate();
            }
        });
    }

    private static List<Taken> take(DSLContext tx, int limit, Long seq) {
        String sql = TAKE.formatted(seq == null ? "" : "AND seq = ?");
        return PlainJdbc.run(tx, sql, (connection, statement) -> {
            int parameter = 1;
            if (seq != null) {
                statement.setLong(parameter++, seq);
            }
            statement.setInt(parameter, limit);
            List<Taken> taken = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    taken.add(new Taken(rows.getLong(1), rows.getString(2), rows.getBytes(3)));
                }
            }
            return taken;
        });
    }

    /** Decodes the batches in order and stores their samples, each key once (the first); returns the samples stored. */
    private static int store(DSLContext tx, List<Taken> taken, boolean trustNewer) {
        SessionSamplesAppend.Step step =
                new SessionSamplesAppend.Step(SessionSamplesAppend.claimedUntil(tx), SAMPLES_PER_STATEMENT, trustNewer);
        int stored = 0;
        for (Taken batch : taken) {
            byte[] bytes = batch.samples();
            if (bytes.length % SampleBatchAppend.RECORD_BYTES != 0) {
                throw new IllegalArgumentException("usage sample batch " + batch.seq() + " has " + bytes.length
                        + " bytes, not a whole number of " + SampleBatchAppend.RECORD_BYTES + "-byte records");
            }
            ByteBuffer records = ByteBuffer.wrap(bytes);
            while (records.hasRemaining()) {
                if (step.add(batch.tenant(), records)) {
                    stored++;
                }
            }
        }
        step.execute(tx);
        return stored;
    }

    private record Taken(long seq, String tenant, byte[] samples) {}
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The samples of an accounting batch ({@link io.sessionkeeper.domain.port.out.SessionWrites#appendSamples}): one
 * statement, {@code INSERT … SELECT FROM unnest(arrays)}, in the batch's transaction. The natural key (tenant,
 * session, time) turns a retransmission into nothing: a sample already stored is skipped by a look-up of that key, a
 * second one in the batch before the statement. Not {@code ON CONFLICT DO NOTHING}: its speculative insertion logs a
 * confirmation record per row (Heap/HEAP_CONFIRM, 52 B of WAL a packet, {@code WALDUMP=1 bench/ingest.sh}). Two
 * instances storing the same sample at the same instant make one of the batches fail on the key; it is retried like
 * any batch that meets a conflict, and the look-up then skips the sample.
 *
 * <p>The look-up is skipped for a sample the domain marks {@link SessionSample#newerThanStored} (nearly every one: a
 * packet's time is after its session's last update, or its session is new): a scalar sub-select per row, pruning the
 * partitions at run time each time, was the largest part of this statement's cost (4.8 ms a batch of ~300 rows,
 * pg_stat_statements, 2026-12-02). The mark is trusted on a unit's first attempt only ({@code trustNewer}): if a
 * marked sample's key is taken anyway, the attempt fails on the key, and the retry looks every key up.
 *
 * <p>A sample older than the roll-ups ({@code usage_rollup_state.claimed_until}: a late packet) also queues its
 * session's hour for a re-roll ({@code usage_dirty_hours}); that part of the statement writes nothing for packets
 * that come in time.
 *
 * <p>Bound like {@link SessionUpsert}, with plain JDBC and binary arrays (the writer's hottest code).
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
     * skips the look-up of its key (a unit's first attempt) or not (its retries).
     */
    static void execute(DSLContext tx, Collection<SessionSample> batch, boolean trustNewer) {
        if (batch.isEmpty()) {
            return;
        }
        Collection<SessionSample> samples = distinct(batch);
        int n = samples.size();
        String[] tenant = new String[n];
        String[] session = new String[n];
        long[] at = new long[n];
        long[] down = new long[n];
        long[] up = new long[n];
        long[] sessionTime = new long[n];
        Short[] kind = new Short[n];
        boolean[] newer = new boolean[n];
        int i = 0;
        for (SessionSample sample : samples) {
            UsageSample usage = sample.sample();
            tenant[i] = sample.tenant().value();
            session[i] = sample.session().toString();
            at[i] = micros(usage.at());
            down[i] = usage.downloadOctets();
            up[i] = usage.uploadOctets();
            sessionTime[i] = usage.sessionTimeSeconds();
            kind[i] = code(usage.kind());
            newer[i] = trustNewer && sample.newerThanStored();
            i++;
        }
        PlainJdbc.run(tx, SQL, (connection, statement) -> {
            statement.setObject(1, tenant);
            statement.setObject(2, session);
            statement.setObject(3, at);
            statement.setObject(4, down);
            statement.setObject(5, up);
            statement.setObject(6, sessionTime);
            statement.setArray(7, connection.createArrayOf("int2", kind));
            statement.setObject(8, newer);
            statement.executeUpdate();
            return null;
        });
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

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}

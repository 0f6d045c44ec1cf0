package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Runs {@link SessionSamplesAppend}'s statements on domain samples as a fold step runs them: encoded as the unit
 * queues them ({@link SampleBatchAppend#encode}, each sample's newer mark kept), then added record by record.
 */
final class SamplesStatements {
    private SamplesStatements() {}

    static void append(DSLContext tx, Collection<SessionSample> samples, boolean trustNewer) {
        SessionSamplesAppend.Step step =
                new SessionSamplesAppend.Step(SessionSamplesAppend.claimedUntil(tx), 500, trustNewer);
        for (Map.Entry<TenantId, byte[]> batch :
                SampleBatchAppend.encode(samples, true).entrySet()) {
            ByteBuffer records = ByteBuffer.wrap(batch.getValue());
            while (records.hasRemaining()) {
                step.add(batch.getKey().value(), records);
            }
        }
        step.execute(tx);
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The samples of an accounting unit ({@link io.sessionkeeper.domain.port.out.SessionWrites#appendSamples}) queued
 * as one row a tenant in {@code usage_sample_batches}, in the unit's transaction: one statement, a few memory copies
 * of bytes in PostgreSQL, where a row a sample under its key cost PostgreSQL 5.0 to 7.7 µs a packet (ADR 66, ADR 67).
 * {@link UsageSampleFold} moves them into {@code session_samples} in the background, where a retransmission is
 * stored once.
 *
 * <p>The record layout ({@link #RECORD_BYTES} bytes, big-endian) is {@code V38__usage_sample_batches.sql}'s:
 * session id, time in microseconds, download octets, upload octets, session time, flags (the kind's code, {@link
 * #NEWER} when the unit knew the sample newer than any stored one of its session and {@code trustNewer} holds).
 */
final class SampleBatchAppend {
    static final int RECORD_BYTES = 49;
    static final int NEWER = 0x80;
    static final int KIND_MASK = 0x03;
    static final String SQL = "INSERT INTO usage_sample_batches (tenant_id, samples) VALUES (?, ?)";

    private SampleBatchAppend() {}

    static void execute(DSLContext tx, Collection<SessionSample> batch, boolean trustNewer) {
        if (batch.isEmpty()) {
            return;
        }
        Map<TenantId, byte[]> byTenant = encode(batch, trustNewer);
        PlainJdbc.run(tx, SQL, (connection, statement) -> {
            if (byTenant.size() == 1) {
                Map.Entry<TenantId, byte[]> only =
                        byTenant.entrySet().iterator().next();
                statement.setString(1, only.getKey().value());
                statement.setBytes(2, only.getValue());
                statement.executeUpdate();
                return null;
            }
            for (Map.Entry<TenantId, byte[]> rows : byTenant.entrySet()) {
                statement.setString(1, rows.getKey().value());
                statement.setBytes(2, rows.getValue());
                statement.addBatch();
            }
            statement.executeBatch();
            return null;
        });
    }

    /** The batch's records by tenant, in the batch's order within each (a unit holds one tenant's packets mostly). */
    static Map<TenantId, byte[]> encode(Collection<SessionSample> batch, boolean trustNewer) {
        TenantId first = batch.iterator().next().tenant();
        boolean oneTenant = true;
        for (SessionSample sample : batch) {
            if (!sample.tenant().equals(first)) {
                oneTenant = false;
                break;
            }
        }
        if (oneTenant) {
            ByteBuffer buffer = ByteBuffer.allocate(batch.size() * RECORD_BYTES);
            for (SessionSample sample : batch) {
                put(buffer, sample, trustNewer);
            }
            return Map.of(first, buffer.array());
        }
        Map<TenantId, Integer> counts = new LinkedHashMap<>();
        for (SessionSample sample : batch) {
            counts.merge(sample.tenant(), 1, Integer::sum);
        }
        Map<TenantId, ByteBuffer> buffers = new LinkedHashMap<>();
        counts.forEach((tenant, n) -> buffers.put(tenant, ByteBuffer.allocate(n * RECORD_BYTES)));
        for (SessionSample sample : batch) {
            put(buffers.get(sample.tenant()), sample, trustNewer);
        }
        Map<TenantId, byte[]> encoded = new LinkedHashMap<>();
        buffers.forEach((tenant, buffer) -> encoded.put(tenant, buffer.array()));
        return encoded;
    }

    private static void put(ByteBuffer buffer, SessionSample sample, boolean trustNewer) {
        UsageSample usage = sample.sample();
        UUID id = sample.session().value();
        int flags = SessionSamplesAppend.code(usage.kind()) | (trustNewer && sample.newerThanStored() ? NEWER : 0);
        buffer.putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(SessionSamplesAppend.micros(usage.at()))
                .putLong(usage.downloadOctets())
                .putLong(usage.uploadOctets())
                .putLong(usage.sessionTimeSeconds())
                .put((byte) flags);
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * Accounting packets per NAS and minute ({@code nas_packet_minutes}, V21) for NAS health: counted in Java over the
 * batch and upserted in one statement per batch, in the batch's transaction, beside {@link NasActivityUpsert}. A
 * packet here is a session the batch changed (a Start, an Interim-Update, a Stop; two packets of one session in one
 * batch count once). The minute is the transaction's ({@code now()}), the time the accounting was recorded.
 *
 * <p>Counts add up ({@code packets = packets + excluded.packets}) on a row of the writing connection's own
 * ({@code writer = pg_backend_pid()}): two writers or instances never wait for each other's row, and a batch retried
 * after a rollback counts in a new transaction only.
 */
final class NasPacketMinutesUpsert {
    private static final String SQL = """
            INSERT INTO nas_packet_minutes AS m (nas_id, minute, writer, tenant_id, packets)
            SELECT n.nas_id, date_trunc('minute', now()), pg_backend_pid(), n.tenant_id, n.packets
            FROM unnest(?::uuid[], ?::varchar[], ?::int8[]) AS n(nas_id, tenant_id, packets)
            ON CONFLICT (nas_id, minute, writer) DO UPDATE SET packets = m.packets + excluded.packets""";

    private NasPacketMinutesUpsert() {}

    /** Counts {@code sessions} per NAS and adds them to this minute's rows; returns the NAS counted. */
    static int execute(DSLContext tx, Collection<Session> sessions) {
        if (sessions.isEmpty()) {
            return 0;
        }
        // in one order in every transaction (rows of one writer only, but cheap insurance)
        Map<NasId, long[]> counts = new TreeMap<>(NasOrder.TEXT);
        Map<NasId, String> tenants = new TreeMap<>(NasOrder.TEXT);
        for (Session session : sessions) {
            counts.computeIfAbsent(session.nasId(), n -> new long[1])[0]++;
            tenants.putIfAbsent(session.nasId(), session.tenant().value());
        }
        Object[] ids = counts.keySet().stream().map(NasId::value).toArray();
        Object[] tenantIds = tenants.values().toArray();
        Object[] packets = counts.values().stream().map(c -> c[0]).toArray();
        PlainJdbc.run(tx, SQL, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("varchar", tenantIds));
            statement.setArray(3, connection.createArrayOf("int8", packets));
            return statement.executeUpdate();
        });
        return counts.size();
    }
}

package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * The last accounting of each NAS ({@code nas_activity}, V15), written by the accounting unit of work in its own
 * transaction: one set-based upsert per batch of the NAS in the batch. A NAS that this process wrote less than
 * {@link #SKIP_NANOS} before is left out, and a batch whose NAS are all left out costs no statement at all: at
 * thousands of packets per second from one NAS, the row changes about once a second. The time written is the
 * transaction's ({@code now()}), the time the accounting was recorded, and it only ever moves forward (another
 * instance may have written a later one).
 *
 * <p>The row stays locked until the unit commits: when two writers (or instances) upsert the same NAS in the same
 * second, the second waits for the first's commit. The skip above makes that at most once a second per NAS.
 */
final class NasActivityUpsert {
    /** How long a NAS's row is not written again by this process. */
    static final long SKIP_NANOS = 1_000_000_000L;

    private static final String SQL = """
            INSERT INTO nas_activity (nas_id, tenant_id, last_accounting_at)
            SELECT n.nas_id, n.tenant_id, now() FROM unnest(?::uuid[], ?::varchar[]) AS n(nas_id, tenant_id)
            ON CONFLICT (nas_id) DO UPDATE SET last_accounting_at = excluded.last_accounting_at,
                                                tenant_id = excluded.tenant_id
            WHERE nas_activity.last_accounting_at < excluded.last_accounting_at""";

    /** When this process last wrote each NAS (System.nanoTime). */
    private final Map<NasId, Long> written = new ConcurrentHashMap<>();

    /** Upserts the NAS of {@code sessions} that were not written within the last second; returns how many. */
    int execute(DSLContext tx, Collection<Session> sessions) {
        if (sessions.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        // in one order in every transaction: two writers upserting the same NAS rows never wait in a cycle
        Map<NasId, String> due = new TreeMap<>(NasOrder.TEXT);
        for (Session session : sessions) {
            NasId nas = session.nasId();
            if (!due.containsKey(nas)) {
                Long last = written.get(nas);
                if (last == null || now - last >= SKIP_NANOS) {
                    due.put(nas, session.tenant().value());
                }
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        Object[] ids = due.keySet().stream().map(NasId::value).toArray();
        Object[] tenants = due.values().toArray();
        PlainJdbc.run(tx, SQL, (connection, statement) -> {
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("varchar", tenants));
            return statement.executeUpdate();
        });
        // noted before the commit: a unit that then rolls back leaves the NAS a second late at most
        for (NasId nas : due.keySet()) {
            written.put(nas, now);
        }
        return due.size();
    }
}

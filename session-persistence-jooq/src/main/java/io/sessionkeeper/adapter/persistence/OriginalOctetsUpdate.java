package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Writes the NAS's original octets of User-Name and Acct-Session-Id ({@link OriginalOctets}) of the sessions that
 * have them, after {@link SessionUpsert} wrote the rows, in the same transaction. A statement of its own, run only
 * when the batch has such sessions: clean batches (nearly all) pay nothing, not even an array of NULLs, and the hot
 * upsert is unchanged. Once known the octets stay (they belong to the session's identity, like its text): only
 * NULL columns are filled, so a session's later events do not rewrite its row.
 */
final class OriginalOctetsUpdate {
    private static final String SQL = """
            UPDATE sessions AS s SET
              username_octets = COALESCE(s.username_octets, u.username_octets),
              acct_session_id_octets = COALESCE(s.acct_session_id_octets, u.acct_session_id_octets)
            FROM unnest(?::text[], ?::uuid[], ?::bytea[], ?::bytea[])
              AS u(tenant_id, id, username_octets, acct_session_id_octets)
            WHERE s.tenant_id = u.tenant_id AND s.id = u.id
              AND ((s.username_octets IS NULL AND u.username_octets IS NOT NULL)
                OR (s.acct_session_id_octets IS NULL AND u.acct_session_id_octets IS NOT NULL))
            """;

    private OriginalOctetsUpdate() {}

    /** Fills the octets of the sessions that carry them; returns the rows changed (0 without running anything). */
    static int execute(DSLContext tx, Collection<Session> sessions) {
        Map<RowKey, OriginalOctets> rows = null;
        for (Session session : sessions) {
            if (session.original() != null) {
                if (rows == null) {
                    rows = new LinkedHashMap<>();
                }
                rows.putIfAbsent(new RowKey(session.tenant(), session.id()), session.original());
            }
        }
        if (rows == null) {
            return 0;
        }
        int n = rows.size();
        String[] tenant = new String[n];
        String[] id = new String[n];
        byte[][] username = new byte[n][];
        byte[][] acctSessionId = new byte[n][];
        List<Map.Entry<RowKey, OriginalOctets>> entries = new ArrayList<>(rows.entrySet());
        for (int i = 0; i < n; i++) {
            RowKey key = entries.get(i).getKey();
            OriginalOctets original = entries.get(i).getValue();
            tenant[i] = key.tenant().value();
            id[i] = key.id().toString();
            username[i] = bytes(original.username());
            acctSessionId[i] = bytes(original.acctSessionId());
        }
        return PlainJdbc.run(tx, SQL, (connection, statement) -> {
            statement.setObject(1, tenant);
            statement.setObject(2, id);
            statement.setObject(3, username);
            statement.setObject(4, acctSessionId);
            return statement.executeUpdate();
        });
    }

    private static byte[] bytes(Octets octets) {
        return octets == null ? null : octets.toByteArray();
    }

    private record RowKey(TenantId tenant, SessionId id) {}
}

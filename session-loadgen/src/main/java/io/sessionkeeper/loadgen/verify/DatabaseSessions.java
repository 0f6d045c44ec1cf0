package io.sessionkeeper.loadgen.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what a server stored, by SQL over JDBC: SessionKeeper's {@code sessions}, FreeRADIUS's {@code radacct},
 * or any SELECT of (Acct-Session-Id, NAS address, download bytes, upload bytes) with one {@code ?} for the LIKE
 * pattern of the run's Acct-Session-Ids. The generator's own copy of those queries: the service's schema is read
 * here as any outside tool would read it, so the service itself holds no SQL for its load tests.
 */
public final class DatabaseSessions {
    /** SessionKeeper's schema: download/upload octets as stored, the NAS by its address. */
    public static final String SESSIONKEEPER_SQL = "SELECT s.acct_session_id, host(n.ip_address), s.download_octets,"
            + " s.upload_octets FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id AND n.tenant_id = s.tenant_id"
            + " WHERE s.acct_session_id LIKE ?";

    /**
     * FreeRADIUS's stock schema: Acct-Output-Octets are the user's download, Acct-Input-Octets the upload (rlm_sql
     * folds the gigawords in).
     */
    public static final String RADACCT_SQL =
            "SELECT acctsessionid, host(nasipaddress), acctoutputoctets, acctinputoctets"
                    + " FROM radacct WHERE acctsessionid LIKE ?";

    private final String url;
    private final String user;
    private final String password;
    private final String query;

    /**
     * @param schema {@code sessionkeeper}, {@code radacct}, or a SELECT of its own (see the class comment)
     */
    public DatabaseSessions(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.query = query(schema);
    }

    static String query(String schema) {
        return switch (schema) {
            case "sessionkeeper" -> SESSIONKEEPER_SQL;
            case "radacct" -> RADACCT_SQL;
            default -> schema;
        };
    }

    /** The sessions whose Acct-Session-Id starts with {@code prefix}, by Acct-Session-Id. */
    public Map<String, List<Verification.Observed>> withIdsStartingWith(String prefix) throws SQLException {
        Map<String, List<Verification.Observed>> found = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement statement = connection.prepareStatement(query)) {
            // a run id is [0-9a-z] only (SessionPlan), so the prefix holds no LIKE wildcard of its own
            statement.setString(1, prefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String acctSessionId = rows.getString(1);
                    found.computeIfAbsent(acctSessionId, k -> new ArrayList<>())
                            .add(new Verification.Observed(
                                    acctSessionId, rows.getString(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return found;
    }
}

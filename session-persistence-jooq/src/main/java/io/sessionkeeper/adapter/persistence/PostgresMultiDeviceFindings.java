package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.MultiDeviceRule.Finding;
import io.sessionkeeper.domain.model.MultiDeviceRule.Reason;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Multi-device findings on PostgreSQL (V29, ADR 0048): {@code multi_device_scans} (a tenant's last scan) and {@code
 * multi_device_findings}. A scan replaces a tenant's rows in one transaction (delete, then one insert of arrays); a
 * page is read on {@code multi_device_findings_rank_idx}, its evidence on the sessions' primary key.
 */
final class PostgresMultiDeviceFindings implements MultiDeviceFindings {
    private final DSLContext dsl;

    PostgresMultiDeviceFindings(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public List<TenantId> tenantsToScan() {
        return Connections.on(dsl, connection -> {
            List<TenantId> tenants = new ArrayList<>();
            try (PreparedStatement st = connection.prepareStatement(
                            "SELECT tenant_id FROM nas UNION SELECT tenant_id FROM multi_device_scans ORDER BY 1");
                    ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    tenants.add(TenantId.of(rows.getString(1)));
                }
            }
            return tenants;
        });
    }

    @Override
    public void replace(TenantId tenant, MultiDeviceScan scan, List<Finding> findings) {
        Connections.on(
                dsl,
                connection -> Connections.inTransaction(connection, Connection.TRANSACTION_READ_COMMITTED, c -> {
                    write(c, tenant, scan, findings);
                    return null;
                }));
    }

    private static void write(Connection connection, TenantId tenant, MultiDeviceScan scan, List<Finding> findings)
            throws SQLException {
        try (PreparedStatement st =
                connection.prepareStatement("DELETE FROM multi_device_findings WHERE tenant_id = ?")) {
            st.setString(1, tenant.value());
            st.executeUpdate();
        }
        if (!findings.isEmpty()) {
            // evidence is a uuid[] per finding: a 2-D array would need equal lengths, so each finding's ids travel
            // as one text of comma-separated uuids, split in SQL
            try (PreparedStatement st = connection.prepareStatement("""
                    INSERT INTO multi_device_findings
                      (tenant_id, username, score, reasons, active_sessions, randomized_macs, evidence)
                    SELECT ?, u, s, string_to_array(r, ','), a, m, string_to_array(e, ',')::uuid[]
                    FROM unnest(?::varchar[], ?::int[], ?::text[], ?::int[], ?::int[], ?::text[]) AS x(u, s, r, a, m, e)
                    """)) {
                st.setString(1, tenant.value());
                st.setArray(2, array(connection, "varchar", findings, Finding::username));
                st.setArray(3, array(connection, "int4", findings, Finding::score));
                st.setArray(
                        4,
                        array(
                                connection,
                                "text",
                                findings,
                                f -> joined(f.reasons().stream().map(Enum::name))));
                st.setArray(5, array(connection, "int4", findings, Finding::activeSessions));
                st.setArray(6, array(connection, "int4", findings, Finding::randomizedMacs));
                st.setArray(
                        7,
                        array(
                                connection,
                                "text",
                                findings,
                                f -> joined(f.sessions().stream().map(x -> x.id()))));
                st.executeUpdate();
            }
        }
        try (PreparedStatement st = connection.prepareStatement("""
                INSERT INTO multi_device_scans (tenant_id, scanned_at, window_secs, min_macs, candidates, truncated,
                  took_ms, findings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET scanned_at = excluded.scanned_at,
                  window_secs = excluded.window_secs, min_macs = excluded.min_macs, candidates = excluded.candidates,
                  truncated = excluded.truncated, took_ms = excluded.took_ms, findings = excluded.findings""")) {
            st.setString(1, tenant.value());
            st.setObject(2, ConcurrencyRollup.time(scan.at().toEpochMilli()));
            st.setInt(3, (int) scan.window().toSeconds());
            st.setInt(4, scan.minMacs());
            st.setInt(5, scan.candidates());
            st.setBoolean(6, scan.truncated());
            st.setLong(7, scan.took().toMillis());
            st.setInt(8, findings.size());
            st.executeUpdate();
        }
    }

    /** Values of one finding as one text, split again in SQL ({@code string_to_array}): none holds a comma. */
    private static String joined(java.util.stream.Stream<?> values) {
        return String.join(",", values.map(Object::toString).toList());
    }

    private static Array array(
            Connection connection, String type, List<Finding> findings, java.util.function.Function<Finding, ?> f)
            throws SQLException {
        return connection.createArrayOf(type, findings.stream().map(f).toArray());
    }

    /** A finding as stored, its evidence still ids. */
    private record Row(String username, int score, Set<Reason> reasons, int active, int randomized, UUID[] evidence) {}

    @Override
    public Stored read(TenantId tenant, long offset, int limit) {
        // one snapshot for the scan (with its count) and the page: a scan committing in between is seen whole or not
        return Connections.on(
                dsl,
                connection -> Connections.inTransaction(
                        connection, Connection.TRANSACTION_REPEATABLE_READ, c -> read(c, tenant, offset, limit)));
    }

    private static Stored read(Connection connection, TenantId tenant, long offset, int limit) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT scanned_at, window_secs, min_macs, candidates, truncated, took_ms, findings
                FROM multi_device_scans WHERE tenant_id = ?""")) {
            st.setString(1, tenant.value());
            try (ResultSet rows = st.executeQuery()) {
                if (!rows.next()) {
                    return new Stored(Optional.empty(), 0, List.of());
                }
                MultiDeviceScan scan = new MultiDeviceScan(
                        rows.getTimestamp(1).toInstant(),
                        Duration.ofSeconds(rows.getInt(2)),
                        rows.getInt(3),
                        rows.getInt(4),
                        rows.getBoolean(5),
                        Duration.ofMillis(rows.getLong(6)));
                long total = rows.getLong(7);
                List<Row> page = page(connection, tenant, offset, limit);
                Map<UUID, DeviceSession> sessions = sessions(connection, tenant, page);
                List<Finding> findings = new ArrayList<>();
                for (Row row : page) {
                    List<DeviceSession> evidence = new ArrayList<>();
                    for (UUID id : row.evidence()) {
                        DeviceSession session = sessions.get(id);
                        if (session != null) {
                            evidence.add(session);
                        }
                    }
                    findings.add(Finding.of(
                            row.username(), row.active(), row.score(), row.reasons(), row.randomized(), evidence));
                }
                return new Stored(Optional.of(scan), total, findings);
            }
        }
    }

    private static List<Row> page(Connection connection, TenantId tenant, long offset, int limit) throws SQLException {
        List<Row> page = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("""
                SELECT username, score, reasons, active_sessions, randomized_macs, evidence
                FROM multi_device_findings WHERE tenant_id = ?
                ORDER BY score DESC, username LIMIT ? OFFSET ?""")) {
            st.setString(1, tenant.value());
            st.setInt(2, limit);
            st.setLong(3, offset);
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    Set<Reason> reasons = EnumSet.noneOf(Reason.class);
                    for (Object reason : (Object[]) rows.getArray(3).getArray()) {
                        reasons.add(Reason.valueOf((String) reason));
                    }
                    page.add(
                            new Row(rows.getString(1), rows.getInt(2), reasons, rows.getInt(4), rows.getInt(5), (UUID[])
                                    rows.getArray(6).getArray()));
                }
            }
        }
        return page;
    }

    private static Map<UUID, DeviceSession> sessions(Connection connection, TenantId tenant, List<Row> page)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        page.forEach(row -> ids.addAll(List.of(row.evidence())));
        Map<UUID, DeviceSession> sessions = new HashMap<>();
        if (ids.isEmpty()) {
            return sessions;
        }
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT " + SessionRows.COLUMNS + " FROM sessions s WHERE s.tenant_id = ? AND s.id = ANY(?::uuid[])")) {
            st.setString(1, tenant.value());
            st.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = st.executeQuery()) {
                while (rows.next()) {
                    DeviceSession session = DeviceSession.of(SessionRows.read(rows));
                    sessions.put(session.id().value(), session);
                }
            }
        }
        return sessions;
    }
}

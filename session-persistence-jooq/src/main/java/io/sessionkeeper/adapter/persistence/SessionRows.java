package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPort;
import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sessions read by the accounting unit of work, with plain JDBC by column position. jOOQ's {@code fetchInto(SESSIONS)}
 * of a plain-SQL query matched each of the 28 columns (31 since V27) to the table's fields by name for every row: 40 % of the
 * service's CPU samples under ingest (JFR, bench/ingest.sh PROFILE=1, issue 12), for reads of a few hundred rows
 * per batch. Instants travel as microseconds since the epoch, addresses as text.
 */
final class SessionRows {
    private SessionRows() {}

    /** The select list, for a row source aliased {@code s}; {@link #read} reads it in this order. */
    static final String COLUMNS = """
            s.tenant_id, s.id, s.nas_id, s.session_key, s.acct_session_id, s.username, host(s.framed_ip),
            s.mac_address::text, s.connection_type, (extract(epoch FROM s.start_time) * 1000000)::int8,
            s.start_settled, (extract(epoch FROM s.stop_time) * 1000000)::int8,
            (extract(epoch FROM s.last_update) * 1000000)::int8, s.download_octets, s.upload_octets,
            s.download_packets, s.upload_packets, s.session_time, s.terminate_cause, s.terminate_cause_code,
            s.terminated_by, s.called_station_id, s.nas_port_id, host(s.host_ip), s.rate_limit, s.username_octets,
            s.acct_session_id_octets, s.interim_interval_seconds, host(s.framed_ipv6), s.framed_ipv6_prefix::text,
            s.delegated_ipv6_prefix::text""";

    static Session read(ResultSet row) throws SQLException {
        String framedIp = row.getString(7);
        String mac = row.getString(8);
        long stop = row.getLong(12);
        boolean stopped = !row.wasNull();
        int causeCode = row.getInt(20);
        Integer code = row.wasNull() ? null : causeCode;
        String hostIp = row.getString(24);
        int interim = row.getInt(28);
        Duration interimInterval = row.wasNull() ? null : Duration.ofSeconds(interim);
        return new Session(
                new SessionId(row.getObject(2, UUID.class)),
                TenantId.of(row.getString(1)),
                new NasId(row.getObject(3, UUID.class)),
                new SessionKey(row.getObject(4, UUID.class)),
                row.getString(5),
                row.getString(6),
                framedIp == null ? null : IpAddress.parse(framedIp),
                mac == null ? null : MacAddress.parse(mac),
                ConnectionType.valueOf(row.getString(9)),
                micros(row.getLong(10)),
                row.getBoolean(11),
                stopped ? micros(stop) : null,
                micros(row.getLong(13)),
                new Usage(row.getLong(14), row.getLong(15), row.getLong(16), row.getLong(17)),
                row.getLong(18),
                TerminateCauses.from(row.getString(19), code, row.getString(21)),
                new NasPort(row.getString(23), row.getString(22), hostIp == null ? null : IpAddress.parse(hostIp)),
                row.getString(25),
                OriginalOctets.ofNullable(octets(row.getBytes(26)), octets(row.getBytes(27))),
                interimInterval,
                ipv6(row.getString(29), row.getString(30), row.getString(31)));
    }

    private static Ipv6Assignment ipv6(String address, String framedPrefix, String delegatedPrefix) {
        if (address == null && framedPrefix == null && delegatedPrefix == null) {
            return Ipv6Assignment.NONE;
        }
        return new Ipv6Assignment(
                address == null ? null : IpAddress.parse(address),
                framedPrefix == null ? null : Ipv6Prefix.parse("prefix", framedPrefix),
                delegatedPrefix == null ? null : Ipv6Prefix.parse("prefix", delegatedPrefix));
    }

    private static Instant micros(long value) {
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    private static Octets octets(byte[] value) {
        return value == null ? null : Octets.of(value);
    }
}

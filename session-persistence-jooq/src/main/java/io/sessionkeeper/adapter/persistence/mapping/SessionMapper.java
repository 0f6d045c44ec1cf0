package io.sessionkeeper.adapter.persistence.mapping;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.SessionsRecord;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPort;
import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Usage;
import java.time.Duration;

/** Rows of {@code sessions} to domain sessions (the other direction is the set-based upsert of the repository). */
public final class SessionMapper {
    private SessionMapper() {}

    /** Typed getters read by column position; {@code Record.get(Field)} would search the fields for each value. */
    public static Session toSession(SessionsRecord row) {
        return new Session(
                new SessionId(row.getId()),
                TenantId.of(row.getTenantId()),
                new NasId(row.getNasId()),
                new SessionKey(row.getSessionKey()),
                row.getAcctSessionId(),
                row.getUsername(),
                row.getFramedIp(),
                row.getMacAddress(),
                ConnectionType.valueOf(row.getConnectionType()),
                row.getStartTime(),
                row.getStartSettled(),
                row.getStopTime(),
                row.getLastUpdate(),
                new Usage(
                        row.getDownloadOctets(),
                        row.getUploadOctets(),
                        row.getDownloadPackets(),
                        row.getUploadPackets()),
                row.getSessionTime(),
                TerminateCauses.from(row.getTerminateCause(), row.getTerminateCauseCode(), row.getTerminatedBy()),
                new NasPort(row.getNasPortId(), row.getCalledStationId(), row.getHostIp()),
                row.getRateLimit(),
                OriginalOctets.ofNullable(octets(row.getUsernameOctets()), octets(row.getAcctSessionIdOctets())),
                row.getInterimIntervalSeconds() == null ? null : Duration.ofSeconds(row.getInterimIntervalSeconds()),
                row.getFramedIpv6() == null && row.getFramedIpv6Prefix() == null && row.getDelegatedIpv6Prefix() == null
                        ? Ipv6Assignment.NONE
                        : new Ipv6Assignment(
                                row.getFramedIpv6(), row.getFramedIpv6Prefix(), row.getDelegatedIpv6Prefix()));
    }

    private static Octets octets(byte[] value) {
        return value == null ? null : Octets.of(value);
    }
}
